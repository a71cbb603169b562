import Analytics
import TerminalUI

/// The top line: source, state, event-time clock, rate, totals, window.
///
/// Every field is there at 80 columns: when the line is too long it gets shorter step by step
/// (`steps`: the date goes, then the "eventtop" label, the separators' spaces, shorter words,
/// a shorter file name, a compact total), and only when all of that is not enough do fields go,
/// least important first (`dropOrder`). A notice is shown only in the room left over.
enum StatusBar {
  enum Field: CaseIterable {
    case brand, state, source, clock, rate, total, invalid, late, future, window
  }

  /// One field's texts, longest first.
  struct Part {
    var field: Field
    var variants: [String]
    var style: Style
    /// After the last step: the text in at most this many columns, when it can be cut further
    /// (a file name loses its end, its percent stays).
    var within: (@Sendable (Int) -> String)? = nil
  }

  /// What shortens, in order: a field and the variant it takes (nil: the separators).
  static let steps: [(field: Field?, variant: Int)] = [
    (.clock, 1), (.brand, 1), (nil, 1), (.source, 1), (.state, 1), (.rate, 1), (.invalid, 1), (.window, 1),
    (.future, 1), (.total, 1),
  ]
  /// Fields that go when even the shortest texts do not fit, first to go first.
  static let dropOrder: [Field] = [.future, .late, .window, .invalid, .source, .total, .rate, .clock]
  static let separators = [" │ ", "│"]

  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    buffer.fill(area, style: theme.status)
    let layout = fit(parts(model), width: area.width - 1)
    let muted = theme.status.with(foreground: theme.muted)
    var x = area.x + 1
    for (i, (text, style)) in layout.texts.enumerated() {
      if i == 1 && layout.brand {
        x += buffer.write(" ", x: x, y: area.y, style: theme.status, limit: area)
      } else if i > 0 {
        x += buffer.write(layout.separator, x: x, y: area.y, style: muted, limit: area)
      }
      x += buffer.write(text, x: x, y: area.y, style: style, limit: area)
    }
    if let notice = model.notice {
      let text = layout.separator + notice
      if x + DisplayWidth.width(of: text) <= area.maxX {
        x += buffer.write(layout.separator, x: x, y: area.y, style: muted, limit: area)
        buffer.write(notice, x: x, y: area.y, style: theme.status.with(foreground: theme.accent), limit: area)
      }
    }
  }

  /// The bar's fields for a model, in display order, each with its texts longest first.
  static func parts(_ model: DashboardModel) -> [Part] {
    let theme = model.theme
    let source = model.data.source
    let snapshot = model.snapshot
    let (stateTexts, stateColor) = state(model)
    let (sourceTexts, sourceWithin) = sourceTexts(source)
    var parts = [
      Part(field: .brand, variants: ["eventtop", ""], style: theme.status.adding(.bold)),
      Part(field: .state, variants: stateTexts, style: theme.status.with(foreground: stateColor).adding(.bold)),
      Part(field: .source, variants: sourceTexts, style: theme.status, within: sourceWithin),
    ]
    if let clock = source.clock ?? snapshot?.time {
      let text = clockText(clock)
      parts.append(Part(field: .clock, variants: [text, String(text.dropFirst(11))], style: theme.status))
    }
    let rate = Format.rate(TrafficPanel.currentRate(model.data.engine))
    parts.append(Part(field: .rate, variants: ["\(rate) ev/s", "\(rate)/s"], style: theme.status))
    let total = snapshot?.events.total ?? 0
    parts.append(
      Part(
        field: .total, variants: ["total \(Format.grouped(total))", "total \(Format.compact(Double(total)))"],
        style: theme.status))
    let invalid = Format.grouped(snapshot?.events.invalid ?? 0)
    let warning = theme.status.with(foreground: theme.warning)
    parts.append(
      Part(
        field: .invalid, variants: ["invalid \(invalid)", "inv \(invalid)"],
        style: snapshot?.events.invalid ?? 0 > 0 ? warning : theme.status))
    if let late = snapshot?.events.late, late > 0 {
      parts.append(Part(field: .late, variants: ["late \(Format.grouped(late))"], style: warning))
    }
    if let future = snapshot?.events.future, future > 0 {
      parts.append(
        Part(
          field: .future, variants: ["future \(Format.grouped(future))", "fut \(Format.grouped(future))"],
          style: warning))
    }
    let window = TimeSpan.format(model.data.window)
    // A window just changed by `w` stands out for a moment instead of being repeated in a notice.
    parts.append(
      Part(
        field: .window, variants: ["window \(window)", "win \(window)"],
        style: model.windowChanged ? theme.status.with(foreground: theme.accent).adding(.bold) : theme.status))
    return parts
  }

  /// The longest texts that fit in `width` columns: shorten by `steps`, then drop by `dropOrder`.
  static func fit(_ parts: [Part], width limit: Int) -> (texts: [(String, Style)], separator: String, brand: Bool) {
    var parts = parts
    var variant = [Int](repeating: 0, count: parts.count)
    var separator = separators[0]
    var dropped: Set<Field> = []
    func texts() -> [(String, Style)] {
      parts.indices.compactMap { i in
        guard !dropped.contains(parts[i].field) else { return nil }
        let text = parts[i].variants[min(variant[i], parts[i].variants.count - 1)]
        return text.isEmpty ? nil : (text, parts[i].style)
      }
    }
    func brand() -> Bool { parts.first?.field == .brand && variant[0] == 0 }
    func fits() -> Bool { width() <= limit }
    func width() -> Int {
      let shown = texts()
      // The brand and the state are joined by a space, every other pair by the separator.
      let joins = max(0, shown.count - 1)
      let separators = (brand() ? joins - 1 : joins) * DisplayWidth.width(of: separator) + (brand() ? 1 : 0)
      return shown.reduce(0) { $0 + DisplayWidth.width(of: $1.0) } + separators
    }
    var steps = steps[...]
    var drops = dropOrder[...]
    var cut = false
    while !fits() {
      if let step = steps.popFirst() {
        if let field = step.field {
          for i in parts.indices where parts[i].field == field { variant[i] = step.variant }
        } else {
          separator = separators[step.variant]
        }
      } else if !cut {
        // Cut what can be cut by just what is missing.
        cut = true
        for i in parts.indices where !dropped.contains(parts[i].field) {
          guard let within = parts[i].within else { continue }
          let text = parts[i].variants[min(variant[i], parts[i].variants.count - 1)]
          parts[i].variants = [within(DisplayWidth.width(of: text) - (width() - limit))]
          variant[i] = 0
          break
        }
      } else if let field = drops.popFirst() {
        dropped.insert(field)
      } else {
        break
      }
    }
    return (texts(), separator, brand())
  }

  /// The state's texts, longest first, and its color.
  static func state(_ model: DashboardModel) -> ([String], Color) {
    let theme = model.theme
    // A paused replay shows the speed it will resume at (+ and - change it while paused).
    let paused = model.data.source.speed.map { ["⏸ PAUSED \(speedText($0))", "⏸ PAUSED"] } ?? ["⏸ PAUSED"]
    if model.paused { return (paused, theme.warning) }
    switch model.data.source.state {
    case .live: return (["● LIVE"], theme.good)
    case .paused: return (paused, theme.warning)
    case .replaying(let speed): return (["▶ REPLAY \(speedText(speed))", "▶ \(speedText(speed))"], theme.accent)
    case .finished: return (["■ REPLAY FINISHED", "■ FINISHED"], theme.title)
    case .ended: return (["■ STREAM ENDED", "■ ENDED"], theme.title)
    case .failed: return (["✖ READ ERROR", "✖ ERROR"], theme.danger)
    }
  }

  static func speedText(_ speed: Double) -> String {
    guard speed.isFinite else { return "max" }
    return (speed >= 1 && speed == speed.rounded() ? String(Int(speed)) : Format.fixed(speed, speed < 0.1 ? 3 : 2))
      + "×"
  }

  /// The source's texts, longest first, and its text within a width. A file is named by its
  /// base name: the directory says little and would push the rest off the line.
  static func sourceTexts(_ source: SourceStatus) -> ([String], @Sendable (Int) -> String) {
    let progress = source.progress.map { " \(Int(($0 * 100).rounded(.down)))%" } ?? ""
    let loop = source.loops > 0 ? " loop \(source.loops + 1)" : ""
    switch source.kind {
    case .generator(let rate, let profile):
      let rate = Format.compact(rate)
      return (["generator \(rate)/s \(profile)", "generator \(rate)/s"], { _ in "gen \(rate)/s" })
    case .file(let path):
      let name = SafeText.sanitize(baseName(path))
      let suffix = progress + loop
      // A very long name would push the date and the state's words out first: 32 columns of it
      // are shown at most.
      return (
        [SafeText.truncate(name, width: 32) + suffix],
        { width in SafeText.truncate(name, width: max(8, width - DisplayWidth.width(of: suffix))) + suffix }
      )
    case .standardInput: return (["stdin"], { _ in "stdin" })
    case .follow(let path):
      let name = SafeText.sanitize(baseName(path))
      let shown = SafeText.truncate(name, width: 32)
      return (["follow " + shown, shown], { width in SafeText.truncate(name, width: max(8, width)) })
    }
  }

  /// The last component of a path (`recordings/x.jsonl` → `x.jsonl`; `/` stays `/`).
  static func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  static func clockText(_ time: Micros) -> String {
    var text = Timestamp.iso8601(time - time % 1_000_000)
    text = text.replacingFirst("T", with: " ")
    return text
  }
}

extension String {
  func replacingFirst(_ target: Character, with replacement: String) -> String {
    guard let index = firstIndex(of: target) else { return self }
    return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
  }
}
