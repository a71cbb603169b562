extension Theme {
  /// Every key a theme file may set, with the property it sets.
  static var keys: [(String, WritableKeyPath<Theme, Color>)] {
    [
      ("background", \.background), ("foreground", \.foreground), ("muted", \.muted), ("border", \.border),
      ("border_focus", \.borderFocused), ("title", \.title), ("accent", \.accent),
      ("status_bg", \.statusBackground), ("status_fg", \.statusForeground), ("good", \.good),
      ("warning", \.warning), ("danger", \.danger), ("purchase", \.purchase), ("high_activity", \.highActivity),
      ("bar", \.bar), ("chart", \.chart), ("selection_bg", \.selectionBackground),
      ("selection_fg", \.selectionForeground),
    ]
  }

  public static var keyNames: [String] { keys.map(\.0) + (1...6).map { "action_\($0)" } }

  /// Reads a theme file: one `key = value` per line, values `#rrggbb`, `#rgb` or `default` (the
  /// terminal's own color); blank lines and lines starting with `#` are ignored. Keys the file
  /// does not set keep the built-in value. Returns the theme and one warning per line it could
  /// not use (unknown key, bad value, no `=`).
  public static func parse(_ text: String, name: String) -> (theme: Theme, warnings: [String]) {
    var theme = Theme.standard
    theme.name = name
    var warnings: [String] = []
    for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.trimmingWhitespace()
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let equals = line.firstIndex(of: "=") else {
        warnings.append("\(name): line \(number + 1): expected key = value")
        continue
      }
      let key = line[..<equals].trimmingWhitespace().lowercased()
      // The value is the first word; anything after it (a trailing comment) is ignored.
      let valueText = String(
        line[line.index(after: equals)...].trimmingWhitespace().prefix { !$0.isWhitespace })
      guard let color = Color(parsing: valueText) else {
        warnings.append("\(name): line \(number + 1): '\(valueText)' is not a color (#rrggbb or default)")
        continue
      }
      if let path = keys.first(where: { $0.0 == key })?.1 {
        theme[keyPath: path] = color
      } else if key.hasPrefix("action_"), let index = Int(key.dropFirst(7)), (1...6).contains(index) {
        theme.actions[index - 1] = color
      } else {
        warnings.append("\(name): line \(number + 1): unknown key '\(key)'")
      }
    }
    return (theme, warnings)
  }

  /// The theme as a file `parse` reads back.
  public var fileText: String {
    var lines = ["# eventtop theme: \(name)"]
    for (key, path) in Self.keys { lines.append("\(key) = \(self[keyPath: path])") }
    for (i, color) in actions.enumerated() { lines.append("action_\(i + 1) = \(color)") }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension StringProtocol {
  func trimmingWhitespace() -> String {
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice.removeFirst() }
    while let last = slice.last, last.isWhitespace { slice.removeLast() }
    return String(slice)
  }
}
