/// A bordered panel with a title; what it draws inside is up to the caller.
public struct Block: Sendable {
  public var title: String
  public var focused: Bool
  /// Text shown at the right of the top border (a summary like "5m window"), then shorter forms
  /// of it to use when it does not fit (the first that fits is drawn, else none).
  public var trailing: [String]

  public init(title: String, focused: Bool = false, trailing: String = "", shorter: [String] = []) {
    self.title = title
    self.focused = focused
    self.trailing = ([trailing] + shorter).filter { !$0.isEmpty }
  }

  /// Draws the border and title, and returns the area inside the border.
  @discardableResult
  public func draw(into buffer: inout Buffer, area: Rect, theme: Theme) -> Rect {
    guard area.width >= 2 && area.height >= 2 else {
      buffer.fill(area, style: theme.text)
      return Rect(x: area.x, y: area.y, width: 0, height: 0)
    }
    buffer.fill(area, style: theme.text)
    let style = theme.colored(focused ? theme.borderFocused : theme.border, focused ? .bold : [])
    let right = area.maxX - 1
    let bottom = area.maxY - 1
    for x in area.x + 1..<right {
      buffer.write("─", x: x, y: area.y, style: style)
      buffer.write("─", x: x, y: bottom, style: style)
    }
    for y in area.y + 1..<bottom {
      buffer.write("│", x: area.x, y: y, style: style)
      buffer.write("│", x: right, y: y, style: style)
    }
    buffer.write("╭", x: area.x, y: area.y, style: style)
    buffer.write("╮", x: right, y: area.y, style: style)
    buffer.write("╰", x: area.x, y: bottom, style: style)
    buffer.write("╯", x: right, y: bottom, style: style)
    let titleLimit = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1)
    if !title.isEmpty && area.width > 4 {
      let text = " " + SafeText.truncate(title, width: area.width - 4) + " "
      buffer.write(
        text, x: area.x + 1, y: area.y, style: theme.heading.adding(focused ? .underline : []), limit: titleLimit)
    }
    let titleWidth = title.isEmpty ? 0 : DisplayWidth.width(of: title) + 3
    // ╭ title ─ trailing ─╮: at least one rule on either side of the trailing text.
    let fitting = trailing.map { " " + $0 + " " }.first { titleWidth + DisplayWidth.width(of: $0) + 3 <= area.width }
    if let text = fitting {
      let width = DisplayWidth.width(of: text)
      buffer.write(text, x: right - width - 1, y: area.y, style: theme.dim, limit: titleLimit)
    }
    return area.inset(1)
  }
}
