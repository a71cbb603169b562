/// The colors of the dashboard, by role.
///
/// The built-in `Theme.standard` is the schema and the fallback: a theme file names any of these
/// keys; keys it leaves out keep the built-in value, unknown keys are reported (see
/// `Theme+Parsing`).
public struct Theme: Sendable, Equatable {
  public var name: String
  public var background: Color
  public var foreground: Color
  public var muted: Color
  public var border: Color
  public var borderFocused: Color
  public var title: Color
  public var accent: Color
  public var statusBackground: Color
  public var statusForeground: Color
  public var good: Color
  public var warning: Color
  public var danger: Color
  public var purchase: Color
  public var highActivity: Color
  public var bar: Color
  public var chart: Color
  /// Colors for the actions in the traffic breakdown, in order.
  public var actions: [Color]
  public var selectionBackground: Color
  public var selectionForeground: Color

  /// Built-in dark theme on the terminal's own background.
  public static let standard = Theme(
    name: "default", background: .terminalDefault, foreground: Color(0xD0, 0xD0, 0xD0),
    muted: Color(0x80, 0x80, 0x80), border: Color(0x5F, 0x5F, 0x87), borderFocused: Color(0x87, 0xAF, 0xFF),
    title: Color(0xFF, 0xD7, 0x5F), accent: Color(0x5F, 0xD7, 0xFF), statusBackground: Color(0x26, 0x26, 0x3A),
    statusForeground: Color(0xE4, 0xE4, 0xE4), good: Color(0x87, 0xD7, 0x87), warning: Color(0xFF, 0xAF, 0x5F),
    danger: Color(0xFF, 0x5F, 0x5F), purchase: Color(0x87, 0xFF, 0x87), highActivity: Color(0xFF, 0x87, 0xD7),
    bar: Color(0x5F, 0xAF, 0xD7), chart: Color(0x5F, 0xD7, 0xAF),
    actions: [
      Color(0x5F, 0xAF, 0xFF), Color(0xFF, 0xD7, 0x5F), Color(0x87, 0xFF, 0x87), Color(0xD7, 0x87, 0xFF),
      Color(0xFF, 0x87, 0x5F), Color(0x87, 0xD7, 0xD7),
    ],
    selectionBackground: Color(0x3A, 0x3A, 0x5F), selectionForeground: Color(0xFF, 0xFF, 0xFF))

  /// The same theme with every color removed (for NO_COLOR and monochrome terminals).
  public var monochrome: Theme {
    let none = Color.terminalDefault
    return Theme(
      name: name, background: none, foreground: none, muted: none, border: none, borderFocused: none, title: none,
      accent: none, statusBackground: none, statusForeground: none, good: none, warning: none, danger: none,
      purchase: none, highActivity: none, bar: none, chart: none, actions: actions.map { _ in none },
      selectionBackground: none, selectionForeground: none)
  }

  public func action(_ index: Int) -> Color { actions.isEmpty ? foreground : actions[index % actions.count] }

  // Styles the widgets use.
  public var text: Style { Style(foreground: foreground, background: background) }
  public var dim: Style { Style(foreground: muted, background: background) }
  public var heading: Style { Style(foreground: title, background: background, attributes: .bold) }
  public var status: Style { Style(foreground: statusForeground, background: statusBackground) }
  public var selection: Style {
    Style(foreground: selectionForeground, background: selectionBackground, attributes: .bold)
  }
  public func colored(_ color: Color, _ attributes: Attributes = []) -> Style {
    Style(foreground: color, background: background, attributes: attributes)
  }
}
