/// Lengths of time as the command line spells them: `90`, `90s`, `5m`, `1h`, `1.5s`, `250ms`, `2d`,
/// and sums such as `1h30m` or `1m30s` (as `format` writes them).
public enum TimeSpan {
  /// Parses a positive duration into microseconds; a bare number means seconds. Returns nil for
  /// anything else (empty, negative, zero, unknown unit, a bare number among parts, a fraction
  /// finer than a microsecond, or longer than 100 years).
  public static func parse(_ text: String) -> Micros? {
    let bytes = Array(text.utf8)
    var index = 0
    var total: Int128 = 0
    var parts = 0
    let limit = Int128(100 * 365 * 86_400_000_000 as Int64)
    while index < bytes.count || parts == 0 {
      guard let (micros, unitless, next) = part(bytes, from: index) else { return nil }
      // A number without a unit is seconds, and then the whole duration.
      if unitless && (parts > 0 || next < bytes.count) { return nil }
      total += micros
      guard total <= limit else { return nil }
      parts += 1
      index = next
    }
    guard total > 0 else { return nil }
    return Int64(total)
  }

  /// One `number[.fraction][unit]` from `index`: its microseconds, whether it had no unit, and
  /// where it ends.
  private static func part(_ bytes: [UInt8], from start: Int) -> (Int128, Bool, Int)? {
    var index = start
    var whole: Int64 = 0
    var sawDigit = false
    while index < bytes.count, bytes[index] &- 0x30 < 10 {
      guard whole < 1_000_000_000_000 else { return nil }
      whole = whole * 10 + Int64(bytes[index] - 0x30)
      index += 1
      sawDigit = true
    }
    var fraction: Int64 = 0
    var fractionDigits = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      while index < bytes.count, bytes[index] &- 0x30 < 10 {
        guard fractionDigits < 9 else { return nil }
        fraction = fraction * 10 + Int64(bytes[index] - 0x30)
        fractionDigits += 1
        index += 1
        sawDigit = true
      }
      guard fractionDigits > 0 else { return nil }
    }
    guard sawDigit else { return nil }
    var unitEnd = index
    while unitEnd < bytes.count, bytes[unitEnd] >= UInt8(ascii: "a"), bytes[unitEnd] <= UInt8(ascii: "z") {
      unitEnd += 1
    }
    let microsPerUnit: Int64
    switch String(decoding: bytes[index..<unitEnd], as: UTF8.self) {
    case "", "s": microsPerUnit = 1_000_000
    case "ms": microsPerUnit = 1_000
    case "m": microsPerUnit = 60_000_000
    case "h": microsPerUnit = 3_600_000_000
    case "d": microsPerUnit = 86_400_000_000
    default: return nil
    }
    var scale: Int64 = 1
    for _ in 0..<fractionDigits { scale *= 10 }
    let (wholeMicros, overflow) = whole.multipliedReportingOverflow(by: microsPerUnit)
    guard !overflow else { return nil }
    let fractionMicros = Int128(fraction) * Int128(microsPerUnit)
    guard fractionMicros % Int128(scale) == 0 else { return nil }
    return (Int128(wholeMicros) + fractionMicros / Int128(scale), unitEnd == index, unitEnd)
  }

  /// `5m`, `90s`, `1.5s`, `1h30m`: the shortest spelling of a duration, for display.
  public static func format(_ micros: Micros) -> String {
    if micros % 1_000_000 != 0 {
      return Decimal6.string(micros) + "s"
    }
    var seconds = micros / 1_000_000
    var parts = ""
    if seconds >= 86_400 && seconds % 3600 == 0 {
      parts += "\(seconds / 86_400)d"
      seconds %= 86_400
    }
    if seconds >= 3600 {
      parts += "\(seconds / 3600)h"
      seconds %= 3600
    }
    if seconds >= 60 {
      parts += "\(seconds / 60)m"
      seconds %= 60
    }
    if seconds > 0 || parts.isEmpty { parts += "\(seconds)s" }
    return parts
  }
}

/// Decimal text of fixed-point millionths (microseconds, micro-units of money), exact and trimmed.
public enum Decimal6 {
  /// `12.5`, `3`, `-0.000001`.
  public static func string<T: BinaryInteger>(_ millionths: T) -> String {
    var out: [UInt8] = []
    append(millionths, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  public static func append<T: BinaryInteger>(_ millionths: T, to out: inout [UInt8]) {
    let negative = millionths < 0
    let magnitude = negative ? Int128(0) - Int128(millionths) : Int128(millionths)
    if negative { out.append(UInt8(ascii: "-")) }
    appendInteger(magnitude / 1_000_000, to: &out)
    var fraction = Int(magnitude % 1_000_000)
    guard fraction != 0 else { return }
    out.append(UInt8(ascii: "."))
    var width = 6
    while fraction % 10 == 0 {
      fraction /= 10
      width -= 1
    }
    var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
    for i in stride(from: width - 1, through: 0, by: -1) {
      digits[i] = UInt8(ascii: "0") + UInt8(fraction % 10)
      fraction /= 10
    }
    out.append(contentsOf: digits)
  }

  static func appendInteger(_ value: Int128, to out: inout [UInt8]) {
    if value == 0 {
      out.append(UInt8(ascii: "0"))
      return
    }
    var digits: [UInt8] = []
    var v = value
    while v > 0 {
      digits.append(UInt8(ascii: "0") + UInt8(v % 10))
      v /= 10
    }
    out.append(contentsOf: digits.reversed())
  }
}
