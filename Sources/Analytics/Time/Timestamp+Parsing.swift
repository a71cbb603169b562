extension Timestamp {
  /// What a fraction of n digits (n ≤ 6) is multiplied by to give microseconds.
  static let fractionScale: [Int64] = [0, 100_000, 10_000, 1_000, 100, 10, 1]

  /// Parses ISO 8601 `YYYY-MM-DDTHH:MM:SS` (`T` or a space), an optional fraction of any length,
  /// and an optional `Z`, `±HH:MM` or `±HHMM`; no zone means UTC. Digits of the fraction beyond the
  /// sixth are truncated. Returns nil when the text is not such a time or names a day that does
  /// not exist.
  public static func parseISO8601(_ start: UnsafePointer<UInt8>, count: Int) -> Micros? {
    guard count >= 19 else { return nil }
    let end = start + count
    @inline(__always) func digits(_ at: Int, _ n: Int) -> Int64? {
      var value: Int64 = 0
      for i in at..<at + n {
        let d = start[i] &- 0x30
        guard d < 10 else { return nil }
        value = value * 10 + Int64(d)
      }
      return value
    }
    guard let year = digits(0, 4), start[4] == 0x2D, let month = digits(5, 2), start[7] == 0x2D,
      let day = digits(8, 2),
      start[10] == 0x54 || start[10] == 0x20 || start[10] == 0x74,
      let hour = digits(11, 2), start[13] == 0x3A, let minute = digits(14, 2), start[16] == 0x3A,
      let second = digits(17, 2)
    else { return nil }
    guard year >= 1, month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month),
      hour <= 23, minute <= 59, second <= 59
    else { return nil }
    var p = start + 19
    var fraction: Int64 = 0
    if p < end && p.pointee == 0x2E {
      p += 1
      let fractionStart = p
      while p < end, p.pointee &- 0x30 < 10 {
        if p - fractionStart < 6 { fraction = fraction * 10 + Int64(p.pointee - 0x30) }
        p += 1
      }
      guard p > fractionStart else { return nil }
      fraction *= fractionScale[min(p - fractionStart, 6)]
    }
    var offsetSeconds: Int64 = 0
    if p < end {
      let c = p.pointee
      if c == 0x5A || c == 0x7A {
        p += 1
      } else if c == 0x2B || c == 0x2D {
        let sign: Int64 = c == 0x2D ? -1 : 1
        p += 1
        let remaining = end - p
        let base = p - start
        let offsetHours: Int64
        let offsetMinutes: Int64
        if remaining == 5 && p[2] == 0x3A, let h = digits(base, 2), let m = digits(base + 3, 2) {
          (offsetHours, offsetMinutes) = (h, m)
        } else if remaining == 4, let h = digits(base, 2), let m = digits(base + 2, 2) {
          (offsetHours, offsetMinutes) = (h, m)
        } else {
          return nil
        }
        guard offsetHours <= 23, offsetMinutes <= 59 else { return nil }
        offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        p = end
      } else {
        return nil
      }
    }
    guard p == end else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    let time = seconds * microsPerSecond + fraction
    guard time >= earliest, time <= latest else { return nil }
    return time
  }

  /// Parses ISO 8601 text (see `parseISO8601(_:count:)`).
  public static func parseISO8601(_ text: String) -> Micros? {
    var bytes = Array(text.utf8)
    let count = bytes.count
    return bytes.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return nil }
      return parseISO8601(UnsafePointer(base), count: count)
    }
  }

  /// Converts a JSON number timestamp: Unix seconds, or milliseconds when the value is ≥ 1e11.
  /// Sub-microsecond digits are dropped toward the past.
  public static func fromUnixNumber(_ number: DecimalNumber) -> Micros? {
    guard var micros = number.scaled(by: 6) else { return nil }
    var power = 6
    if micros >= 100_000_000_000 * Int128(microsPerSecond) {
      guard let fromMillis = number.scaled(by: 3) else { return nil }
      micros = fromMillis
      power = 3
    }
    if number.negative && number.hasFraction(scaledBy: power) { micros -= 1 }
    guard micros >= Int128(earliest), micros <= Int128(latest) else { return nil }
    return Int64(micros)
  }
}
