import Analytics
import TerminalUI

/// The bottom line of key hints, and the help overlay with every key.
enum KeyHints {
  static let hints: [(String, String)] = [
    ("q", "quit"), ("space", "pause"), ("+/-", "speed"), ("w", "window"), ("t", "theme"), ("tab", "focus"),
    ("↑↓", "scroll"), ("r", "reset"), ("?", "help"),
  ]

  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    buffer.fill(area, style: theme.status)
    var x = area.x + 1
    for (key, action) in hints {
      let width = DisplayWidth.width(of: key) + DisplayWidth.width(of: action) + 3
      if x + width > area.maxX { break }
      x += buffer.write(
        key, x: x, y: area.y, style: theme.status.with(foreground: theme.accent).adding(.bold), limit: area)
      x += buffer.write(" " + action + "  ", x: x, y: area.y, style: theme.status, limit: area)
    }
  }
}

enum HelpOverlay {
  static let lines: [(String, String)] = [
    ("q, Ctrl-C", "quit"),
    ("space", "pause and resume (panels freeze; replay stops reading)"),
    ("+ / -", "replay faster / slower (×2, ÷2)"),
    ("w", "cycle the window: 1m, 5m, 15m, 1h"),
    ("t", "cycle themes"),
    ("tab, shift-tab", "move focus between top pages and alerts"),
    ("↑ ↓ PgUp PgDn Home End", "scroll the focused list"),
    ("r", "reset the aggregates"),
    ("?", "this help (any key closes it)"),
  ]

  /// What the engine holds and gave up to stay within its caps (README, Bounded memory).
  static func memoryLines(_ snapshot: Snapshot?) -> [(String, String)] {
    guard let limits = snapshot?.limits else { return [] }
    return limits.structures.map { structure in
      let sampled = structure.samplingLevel.map { $0 > 0 ? ", sampling 1/\(1 << $0)" : "" } ?? ""
      let gaveUp = String(structure.gaveUpLabel.map { $0 == "_" ? " " : $0 })
      return (
        structure.name == "records" ? "event records" : structure.name,
        "\(Format.grouped(structure.held)) \(structure.heldLabel), \(Format.grouped(structure.gaveUp)) \(gaveUp)\(sampled)"
      )
    }
  }

  static func draw(_ model: DashboardModel, into buffer: inout Buffer) {
    let theme = model.theme
    let memory = memoryLines(model.snapshot)
    let all = lines + memory
    let keyWidth = all.map { DisplayWidth.width(of: $0.0) }.max()! + 2
    let textWidth = all.map { DisplayWidth.width(of: $0.1) }.max()!
    let rows = lines.count + (memory.isEmpty ? 0 : memory.count + 2)
    let box = buffer.area.centered(width: keyWidth + textWidth + 4, height: rows + 4)
    let inner = Block(title: "Keys", focused: true).draw(into: &buffer, area: box, theme: theme)
    var y = inner.y + 1
    for (key, text) in lines where y < inner.maxY {
      buffer.write(" " + key, x: inner.x, y: y, style: theme.colored(theme.accent, .bold), limit: inner)
      buffer.write(text, x: inner.x + keyWidth, y: y, style: theme.text, limit: inner)
      y += 1
    }
    guard !memory.isEmpty else { return }
    y += 1
    if y < inner.maxY {
      buffer.write(" Memory", x: inner.x, y: y, style: theme.colored(theme.accent, .bold), limit: inner)
    }
    y += 1
    for (name, text) in memory where y < inner.maxY {
      buffer.write(" " + name, x: inner.x, y: y, style: theme.text, limit: inner)
      buffer.write(text, x: inner.x + keyWidth, y: y, style: theme.text, limit: inner)
      y += 1
    }
  }
}
