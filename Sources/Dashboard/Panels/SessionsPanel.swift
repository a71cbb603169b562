import Analytics
import TerminalUI

/// Session lengths: quantiles, counts and a histogram in readable buckets.
enum SessionsPanel {
  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    let sessions = model.snapshot?.sessions ?? Snapshot.Sessions()
    let inner = Block(title: "Session lengths", trailing: "active sessions").draw(
      into: &buffer, area: area, theme: theme)
    guard inner.height > 0, inner.width > 0 else { return }
    let content = inner.inset(horizontal: 1, vertical: 0)
    var y = content.y
    let counts =
      "active \(Format.grouped(sessions.active)) · completed \(Format.grouped(sessions.completed))"
      + (sessions.completed > 0 ? " (mean \(Format.duration(micros: sessions.completedMean)))" : "")
    buffer.write(counts, x: content.x, y: y, style: theme.text, limit: content)
    y += 1
    if y < content.maxY {
      var x = content.x
      for (label, value) in [
        ("p50", sessions.p50), ("p90", sessions.p90), ("p99", sessions.p99), ("max", sessions.max),
        ("mean", sessions.mean),
      ] {
        x += buffer.write(label + " ", x: x, y: y, style: theme.dim, limit: content)
        x += buffer.write(
          Format.duration(micros: value) + "  ", x: x, y: y, style: theme.colored(theme.accent), limit: content)
      }
      y += 1
    }
    let buckets = sessions.lengthBuckets.isEmpty ? [Int](repeating: 0, count: 7) : sessions.lengthBuckets
    let rows = min(buckets.count, content.maxY - y)
    guard rows > 0 else { return }
    let most = max(1, buckets.max() ?? 1)
    let countWidth = max(6, Format.grouped(most).count + 1)
    let barWidth = max(0, content.width - 6 - countWidth)
    // When rows are short, show the buckets that hold the most sessions' neighbourhood: the first rows.
    for i in 0..<rows {
      let label = Format.padRight(Snapshot.lengthBucketLabels[i], 5) + " "
      var x = content.x + buffer.write(label, x: content.x, y: y + i, style: theme.dim, limit: content)
      let bar = HorizontalBar.text(fraction: Double(buckets[i]) / Double(most), width: barWidth)
      buffer.write(bar, x: x, y: y + i, style: theme.colored(theme.bar), limit: content)
      x = content.x + 6 + barWidth
      buffer.write(
        Format.padLeft(Format.grouped(buckets[i]), countWidth), x: x, y: y + i, style: theme.text, limit: content)
    }
  }
}
