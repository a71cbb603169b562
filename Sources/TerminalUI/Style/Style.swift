/// A 24-bit color, or the terminal's own default.
public struct Color: Sendable, Hashable, CustomStringConvertible {
  /// 0xRRGGBB, or nil for the terminal's default color.
  public var rgb: UInt32?

  public init(rgb: UInt32?) { self.rgb = rgb }
  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { rgb = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b) }

  public static let terminalDefault = Color(rgb: nil)

  public var red: Int { Int((rgb ?? 0) >> 16 & 0xFF) }
  public var green: Int { Int((rgb ?? 0) >> 8 & 0xFF) }
  public var blue: Int { Int((rgb ?? 0) & 0xFF) }

  public var description: String {
    guard let rgb else { return "default" }
    let hex = String(rgb, radix: 16)
    return "#" + String(repeating: "0", count: 6 - hex.count) + hex
  }

  /// Parses `#rrggbb`, `#rgb` or `default`.
  public init?(parsing text: String) {
    let value = text.lowercased()
    if value == "default" || value == "none" {
      rgb = nil
      return
    }
    guard value.hasPrefix("#") else { return nil }
    var digits = String(value.dropFirst())
    if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
    guard digits.count == 6, let parsed = UInt32(digits, radix: 16) else { return nil }
    rgb = parsed
  }
}

/// Text attributes a terminal can show.
public struct Attributes: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  public static let bold = Attributes(rawValue: 1)
  public static let dim = Attributes(rawValue: 2)
  public static let underline = Attributes(rawValue: 4)
  public static let reverse = Attributes(rawValue: 8)
}

/// How a cell looks: colors and attributes.
public struct Style: Sendable, Hashable {
  public var foreground: Color
  public var background: Color
  public var attributes: Attributes

  public init(
    foreground: Color = .terminalDefault, background: Color = .terminalDefault, attributes: Attributes = []
  ) {
    self.foreground = foreground
    self.background = background
    self.attributes = attributes
  }

  public static let plain = Style()

  public func with(foreground: Color) -> Style {
    var copy = self
    copy.foreground = foreground
    return copy
  }

  public func with(background: Color) -> Style {
    var copy = self
    copy.background = background
    return copy
  }

  public func adding(_ attributes: Attributes) -> Style {
    var copy = self
    copy.attributes.formUnion(attributes)
    return copy
  }
}
