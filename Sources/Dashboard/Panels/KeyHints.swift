import Analytics
import TerminalUI

/// The bottom line of key hints, and the help overlay with every key.
///
/// When the line is short, the least useful hints go first (`? help` and `q quit` stay to the
/// end): the speed keys are shown only for a replay, where they do something.
enum KeyHints {
  static let hints: [(String, String)] = [
    ("q", "quit"), ("space", "pause"), ("+/-", "speed"), ("w", "window"), ("t", "theme"), ("tab", "focus"),
    ("↑↓", "scroll"), ("r", "reset"), ("?", "help"),
  ]

  /// Hints by importance, most important first (indices into `hints`); the speed keys only for
  /// a replay, the one source they work on.
  static func priority(replay: Bool) -> [Int] {
    replay ? [0, 8, 1, 2, 3, 7, 5, 6, 4] : [0, 8, 1, 3, 7, 5, 6, 4]
  }

  /// The hints that fit in `width` columns, in their usual order, and the gap between them.
  static func shown(width: Int, replay: Bool) -> (hints: [(String, String)], gap: Int) {
    let order = priority(replay: replay)
    for count in stride(from: order.count, through: 1, by: -1) {
      let kept = Set(order.prefix(count))
      let chosen = hints.indices.filter { kept.contains($0) }.map { hints[$0] }
      for gap in [2, 1] {
        let needed =
          1 + chosen.reduce(0) { $0 + DisplayWidth.width(of: $1.0) + 1 + DisplayWidth.width(of: $1.1) } + gap
          * (chosen.count - 1)
        if needed <= width { return (chosen, gap) }
      }
    }
    return ([], 2)
  }

  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    buffer.fill(area, style: theme.status)
    let (chosen, gap) = shown(width: area.width, replay: model.data.source.speed != nil)
    var x = area.x + 1
    for (i, (key, action)) in chosen.enumerated() {
      if i > 0 {
        x += buffer.write(String(repeating: " ", count: gap), x: x, y: area.y, style: theme.status, limit: area)
      }
      x += buffer.write(
        key, x: x, y: area.y, style: theme.status.with(foreground: theme.accent).adding(.bold), limit: area)
      x += buffer.write(" " + action, x: x, y: area.y, style: theme.status, limit: area)
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

  /// `text` in lines of at most `width` columns, broken at spaces (a longer word is cut).
  static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [""] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ").map(String.init) {
      let candidate = line.isEmpty ? word : line + " " + word
      if DisplayWidth.width(of: candidate) <= width {
        line = candidate
        continue
      }
      if !line.isEmpty { lines.append(line) }
      line = DisplayWidth.width(of: word) <= width ? word : SafeText.truncate(word, width: width)
    }
    lines.append(line)
    return lines
  }

  /// Each entry's description lines within `rows` rows: every entry gets its first line (so every
  /// key is listed), then entries in order get their wrapped lines while rows are left; a
  /// description that had to stop early ends in `…`.
  static func allot(_ entries: [[String]], rows: Int, width: Int) -> [[String]] {
    var spare = rows - entries.count
    return entries.map { lines in
      let given = max(1, min(lines.count, 1 + max(0, spare)))
      spare -= given - 1
      var shown = Array(lines.prefix(given))
      if given < lines.count {
        shown[given - 1] = SafeText.truncate(shown[given - 1] + " " + lines[given], width: width)
      }
      return shown
    }
  }

  static func draw(_ model: DashboardModel, into buffer: inout Buffer) {
    let theme = model.theme
    let memory = memoryLines(model.snapshot)
    let all = lines + memory
    let keyWidth = all.map { DisplayWidth.width(of: $0.0) }.max()! + 2
    let naturalText = all.map { DisplayWidth.width(of: $0.1) }.max()!
    let boxWidth = min(buffer.width, keyWidth + naturalText + 4)
    let textWidth = max(1, boxWidth - 2 - keyWidth - 1)
    let keyTexts = lines.map { wrap($0.1, width: textWidth) }
    let memoryTexts = memory.map { wrap($0.1, width: textWidth) }
    let naturalRows =
      keyTexts.reduce(0) { $0 + $1.count } + (memory.isEmpty ? 0 : 2 + memoryTexts.reduce(0) { $0 + $1.count })
    let box = buffer.area.centered(width: boxWidth, height: naturalRows + 4)
    let inner = Block(title: "Keys", focused: true).draw(into: &buffer, area: box, theme: theme)
    // A blank row above and below when there is room for them.
    let margin = inner.height >= lines.count + 2 ? 1 : 0
    let rows = inner.height - 2 * margin
    let keyRows = allot(keyTexts, rows: rows, width: textWidth)
    var y = inner.y + margin
    for ((key, _), text) in zip(lines, keyRows) where y < inner.maxY {
      buffer.write(" " + key, x: inner.x, y: y, style: theme.colored(theme.accent, .bold), limit: inner)
      for line in text where y < inner.maxY {
        buffer.write(line, x: inner.x + keyWidth, y: y, style: theme.text, limit: inner)
        y += 1
      }
    }
    let left = inner.maxY - margin - y
    guard !memory.isEmpty, left >= 2 + memory.count else { return }
    y += 1
    buffer.write(" Memory", x: inner.x, y: y, style: theme.colored(theme.accent, .bold), limit: inner)
    y += 1
    for ((name, _), text) in zip(memory, allot(memoryTexts, rows: left - 2, width: textWidth)) {
      buffer.write(" " + name, x: inner.x, y: y, style: theme.text, limit: inner)
      for line in text where y < inner.maxY {
        buffer.write(line, x: inner.x + keyWidth, y: y, style: theme.text, limit: inner)
        y += 1
      }
    }
  }
}
