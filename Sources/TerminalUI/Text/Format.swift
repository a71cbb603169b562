/// Number and time text for panels: short, aligned, locale-free.
public enum Format {
  /// `12,345,678`.
  public static func grouped(_ value: Int) -> String {
    let digits = Array(String(value.magnitude))
    var out = value < 0 ? "-" : ""
    for (i, digit) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return out
  }

  /// `999`, `12.3k`, `4.56M`, `7.8G`: at most five characters.
  public static func compact(_ value: Double) -> String {
    let magnitude = abs(value)
    let sign = value < 0 ? "-" : ""
    if magnitude < 1000 {
      return sign
        + (magnitude == magnitude.rounded() ? String(Int(magnitude)) : fixed(magnitude, magnitude < 10 ? 2 : 1))
    }
    for (unit, scale) in [("k", 1e3), ("M", 1e6), ("G", 1e9)] where magnitude < scale * 1000 {
      let scaled = magnitude / scale
      return sign + fixed(scaled, scaled < 10 ? 2 : scaled < 100 ? 1 : 0) + unit
    }
    return sign + fixed(magnitude / 1e12, 1) + "T"
  }

  /// A rate: `50.0` below a thousand, then like `compact`: `5.58k`, `22.4k`, `103k`, `1.13M`
  /// (so that two rates side by side read the same way, and never wider than five characters).
  public static func rate(_ value: Double) -> String {
    // 999.95 and up would round to "1000.0": those show as "1.00k" instead.
    abs(value) < 999.95 ? fixed(value, 1) : compact(abs(value) < 1000 ? (value < 0 ? -1000 : 1000) : value)
  }

  /// `value` with exactly `decimals` decimals, rounded half away from zero.
  public static func fixed(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return "–" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return value < 0 ? "-∞" : "∞" }
    let integer = Int(scaled)
    let whole = integer / Int(scale)
    let fraction = integer % Int(scale)
    let sign = value < 0 && integer != 0 ? "-" : ""
    guard decimals > 0 else { return sign + String(whole) }
    let fractionText = String(fraction)
    return sign + String(whole) + "." + String(repeating: "0", count: decimals - fractionText.count) + fractionText
  }

  /// A duration in µs as `0.4s`, `12s`, `3m05s`, `1h02m`, `2d03h`.
  public static func duration(micros: Int64) -> String {
    if micros < 10_000_000 { return fixed(Double(micros) / 1e6, 1) + "s" }
    let seconds = micros / 1_000_000
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m" + two(seconds % 60) + "s" }
    if seconds < 86_400 { return "\(seconds / 3600)h" + two(seconds / 60 % 60) + "m" }
    return "\(seconds / 86_400)d" + two(seconds / 3600 % 24) + "h"
  }

  /// Money with two decimals and grouping: `12,345.60`.
  public static func money(millionths: Int128) -> String {
    let cents = (millionths + (millionths >= 0 ? 5_000 : -5_000)) / 10_000
    let whole = Int(cents / 100)
    let fraction = Int((cents % 100).magnitude)
    return (cents < 0 && whole == 0 ? "-" : "") + grouped(whole) + "." + two(Int64(fraction))
  }

  static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
  static func two(_ value: Int) -> String { two(Int64(value)) }

  /// Left-aligned in `width` columns (display width), cut with `…` when longer.
  public static func padRight(_ text: String, _ width: Int) -> String {
    let cut = SafeText.truncate(text, width: width)
    return cut + String(repeating: " ", count: max(0, width - DisplayWidth.width(of: cut)))
  }

  /// Right-aligned in `width` columns.
  public static func padLeft(_ text: String, _ width: Int) -> String {
    let cut = SafeText.truncate(text, width: width)
    return String(repeating: " ", count: max(0, width - DisplayWidth.width(of: cut))) + cut
  }
}
