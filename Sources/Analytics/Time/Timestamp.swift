/// Event time in microseconds since the Unix epoch (UTC).
///
/// Microseconds are the finest resolution eventtop keeps: digits of a fraction beyond the sixth are
/// truncated (toward the past), so two instants that differ by less than a microsecond compare equal.
/// The representable range covers years 0001 through 9999, the range ISO 8601 text can spell.
public typealias Micros = Int64

/// Calendar arithmetic and ISO 8601 text for `Micros`.
public enum Timestamp {
  public static let microsPerSecond: Int64 = 1_000_000
  /// 0001-01-01T00:00:00Z.
  public static let earliest: Micros = -62_135_596_800 * microsPerSecond
  /// 9999-12-31T23:59:59.999999Z.
  public static let latest: Micros = 253_402_300_800 * microsPerSecond - 1

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
  public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The date of a day count since 1970-01-01 (inverse of `daysFromCivil`).
  public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
    switch month {
    case 2:
      let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
      return leap ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Floor division that rounds toward negative infinity, for times before 1970.
  @inline(__always)
  public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  /// `2026-11-27T08:05:00Z`, or `2026-11-27T08:05:00.191737Z` when the fraction is not zero.
  public static func iso8601(_ time: Micros) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(27)
    appendISO8601(time, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the `iso8601(_:)` text of `time` to a byte buffer.
  public static func appendISO8601(_ time: Micros, to out: inout [UInt8]) {
    var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    withUnsafeMutableBytes(of: &buffer) { raw in
      let count = writeISO8601(time, to: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[..<count]))
    }
  }

  /// Writes the `iso8601(_:)` text of `time` at `p` and returns its length: at most 30 bytes (a
  /// Micros spans years ±292,277, so a year has at most a sign and six digits).
  public static func writeISO8601(_ time: Micros, to p: UnsafeMutablePointer<UInt8>) -> Int {
    let seconds = floorDiv(time, microsPerSecond)
    let fraction = time - seconds * microsPerSecond
    let days = floorDiv(seconds, 86_400)
    let secondOfDay = seconds - days * 86_400
    let (year, month, day) = civilFromDays(days)
    var n = writeDigits(year, width: 4, to: p)
    @inline(__always) func put(_ byte: UInt8) {
      p[n] = byte
      n += 1
    }
    @inline(__always) func two(_ value: Int64) {
      p[n] = 0x30 + UInt8(value / 10)
      p[n + 1] = 0x30 + UInt8(value % 10)
      n += 2
    }
    put(UInt8(ascii: "-"))
    two(month)
    put(UInt8(ascii: "-"))
    two(day)
    put(UInt8(ascii: "T"))
    two(secondOfDay / 3600)
    put(UInt8(ascii: ":"))
    two(secondOfDay / 60 % 60)
    put(UInt8(ascii: ":"))
    two(secondOfDay % 60)
    if fraction != 0 {
      put(UInt8(ascii: "."))
      var v = fraction
      for i in stride(from: 5, through: 0, by: -1) {
        p[n + i] = 0x30 + UInt8(v % 10)
        v /= 10
      }
      n += 6
    }
    put(UInt8(ascii: "Z"))
    return n
  }

  /// `value` in decimal, zero-padded to `width` digits, at `p`; returns the length.
  private static func writeDigits(_ value: Int64, width: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    if value < 0 {
      p[0] = UInt8(ascii: "-")
      n = 1
    }
    var v = value.magnitude
    var length = 1
    var scale: UInt64 = 10
    while v >= scale && length < 19 {
      length += 1
      scale &*= 10
    }
    length = max(length, width)
    for i in stride(from: length - 1, through: 0, by: -1) {
      p[n + i] = 0x30 + UInt8(v % 10)
      v /= 10
    }
    return n + length
  }
}
