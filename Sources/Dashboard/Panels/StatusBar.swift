import Analytics
import TerminalUI

/// The top line: source, state, event-time clock, rate, totals, window.
enum StatusBar {
  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    buffer.fill(area, style: theme.status)
    let source = model.data.source
    let snapshot = model.snapshot
    let (stateText, stateColor) = state(model)
    var parts: [(String, Style)] = [
      (" eventtop ", theme.status.adding(.bold)),
      (stateText, theme.status.with(foreground: stateColor).adding(.bold)),
      (sourceText(source), theme.status),
    ]
    if let clock = source.clock ?? snapshot?.time {
      parts.append((clockText(clock), theme.status))
    }
    parts.append(("\(Format.rate(TrafficPanel.currentRate(model.data.engine))) ev/s", theme.status))
    parts.append(("total \(Format.grouped(snapshot?.events.total ?? 0))", theme.status))
    let invalid = snapshot?.events.invalid ?? 0
    parts.append(
      ("invalid \(Format.grouped(invalid))", invalid > 0 ? theme.status.with(foreground: theme.warning) : theme.status))
    if let late = snapshot?.events.late, late > 0 {
      parts.append(("late \(Format.grouped(late))", theme.status.with(foreground: theme.warning)))
    }
    if let future = snapshot?.events.future, future > 0 {
      parts.append(("future \(Format.grouped(future))", theme.status.with(foreground: theme.warning)))
    }
    parts.append(("window \(TimeSpan.format(model.data.window))", theme.status))
    if let notice = model.notice { parts.append((notice, theme.status.with(foreground: theme.accent))) }
    var x = area.x
    for (i, (text, style)) in parts.enumerated() {
      if i > 1 {
        x += buffer.write(" │ ", x: x, y: area.y, style: theme.status.with(foreground: theme.muted), limit: area)
      }
      x += buffer.write(text, x: x, y: area.y, style: style, limit: area)
      if x >= area.maxX { break }
    }
  }

  static func state(_ model: DashboardModel) -> (String, Color) {
    let theme = model.theme
    if model.paused { return ("⏸ PAUSED", theme.warning) }
    switch model.data.source.state {
    case .live: return ("● LIVE", theme.good)
    case .paused: return ("⏸ PAUSED", theme.warning)
    case .replaying(let speed): return ("▶ REPLAY \(speedText(speed))", theme.accent)
    case .finished: return ("■ REPLAY FINISHED", theme.title)
    case .ended: return ("■ STREAM ENDED", theme.title)
    case .failed: return ("✖ READ ERROR", theme.danger)
    }
  }

  static func speedText(_ speed: Double) -> String {
    guard speed.isFinite else { return "max" }
    return (speed >= 1 && speed == speed.rounded() ? String(Int(speed)) : Format.fixed(speed, speed < 0.1 ? 3 : 2))
      + "×"
  }

  static func sourceText(_ source: SourceStatus) -> String {
    let progress = source.progress.map { " \(Int(($0 * 100).rounded(.down)))%" } ?? ""
    switch source.kind {
    case .generator(let rate, let profile):
      return "generator \(Format.compact(rate))/s \(profile)"
    case .file(let name):
      return SafeText.truncate(name, width: 32) + progress + (source.loops > 0 ? " loop \(source.loops + 1)" : "")
    case .standardInput: return "stdin"
    case .follow(let name): return "follow " + SafeText.truncate(name, width: 28)
    }
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
