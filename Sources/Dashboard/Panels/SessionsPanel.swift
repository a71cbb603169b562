import Analytics
import TerminalUI

/// Session lengths: quantiles, counts and a histogram in readable buckets.
///
/// Every bucket is always shown when there is a row for the histogram at all: one bucket a row
/// when seven rows are free, else the bars in as many columns as the rows need, else (columns too
/// narrow for bars) the counts alone, `<10s 100  <30s 80 …`, flowed over the rows.
enum SessionsPanel {
  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    let sessions = model.snapshot?.sessions ?? Snapshot.Sessions()
    let inner = Block(title: "Session lengths", trailing: "active sessions").draw(
      into: &buffer, area: area, theme: theme)
    guard inner.height > 0, inner.width > 0 else { return }
    let content = inner.inset(horizontal: 1, vertical: 0)
    var y = content.y
    // Whole phrases only: the longest form that fits.
    let active = "active \(Format.grouped(sessions.active))"
    let completed = "completed \(Format.grouped(sessions.completed))"
    let mean = sessions.completed > 0 ? " (mean \(Format.duration(micros: sessions.completedMean)))" : ""
    let forms = [
      "\(active) · \(completed)\(mean)", "\(active) · \(completed)",
      "\(active) · ended \(Format.grouped(sessions.completed))", active,
    ]
    let counts = forms.first { DisplayWidth.width(of: $0) <= content.width } ?? active
    buffer.write(counts, x: content.x, y: y, style: theme.text, limit: content)
    y += 1
    if y < content.maxY {
      drawQuantiles(sessions, theme: theme, into: &buffer, x: content.x, y: y, limit: content)
      y += 1
    }
    let buckets = sessions.lengthBuckets.isEmpty ? [Int](repeating: 0, count: 7) : sessions.lengthBuckets
    let histogram = Rect(x: content.x, y: y, width: content.width, height: content.maxY - y)
    guard !histogram.isEmpty else { return }
    drawHistogram(buckets, theme: theme, into: &buffer, area: histogram)
  }

  /// `p50 48s  p90 3m07s …`: whole tokens only, the last ones dropped when the line is short.
  static func quantileTokens(_ sessions: Snapshot.Sessions, width: Int) -> (tokens: [(String, String)], gap: Int) {
    let all = [
      ("p50", sessions.p50), ("p90", sessions.p90), ("p99", sessions.p99), ("max", sessions.max),
      ("mean", sessions.mean),
    ].map { ($0.0, Format.duration(micros: $0.1)) }
    for count in stride(from: all.count, through: 1, by: -1) {
      for gap in [2, 1] {
        let tokens = all.prefix(count)
        let needed = tokens.reduce(0) { $0 + $1.0.count + 1 + $1.1.count } + gap * (count - 1)
        if needed <= width { return (Array(tokens), gap) }
      }
    }
    return ([], 0)
  }

  private static func drawQuantiles(
    _ sessions: Snapshot.Sessions, theme: Theme, into buffer: inout Buffer, x: Int, y: Int, limit: Rect
  ) {
    let (tokens, gap) = quantileTokens(sessions, width: limit.width)
    var cursor = x
    for (i, (label, value)) in tokens.enumerated() {
      if i > 0 {
        cursor += buffer.write(String(repeating: " ", count: gap), x: cursor, y: y, style: theme.dim, limit: limit)
      }
      cursor += buffer.write(label + " ", x: cursor, y: y, style: theme.dim, limit: limit)
      cursor += buffer.write(value, x: cursor, y: y, style: theme.colored(theme.accent), limit: limit)
    }
  }

  private static func drawHistogram(_ buckets: [Int], theme: Theme, into buffer: inout Buffer, area: Rect) {
    let labels = Snapshot.lengthBucketLabels
    let most = max(1, buckets.max() ?? 1)
    let countWidth = max(5, Format.grouped(most).count)
    let columns = (buckets.count + area.height - 1) / area.height
    let gap = 2
    let columnWidth = (area.width - gap * (columns - 1)) / columns
    // A column holds the label, a bar of at least three cells and the count.
    guard columnWidth >= 6 + 3 + 1 + countWidth else {
      drawCounts(buckets, theme: theme, into: &buffer, area: area)
      return
    }
    let rows = (buckets.count + columns - 1) / columns
    let barWidth = columnWidth - 6 - 1 - countWidth
    for (i, count) in buckets.enumerated() {
      let x = area.x + (i / rows) * (columnWidth + gap)
      let y = area.y + i % rows
      let label = Format.padRight(i < labels.count ? labels[i] : "", 5) + " "
      buffer.write(label, x: x, y: y, style: theme.dim, limit: area)
      let bar = HorizontalBar.text(fraction: Double(count) / Double(most), width: barWidth)
      buffer.write(bar, x: x + 6, y: y, style: theme.colored(theme.bar), limit: area)
      buffer.write(
        Format.padLeft(Format.grouped(count), countWidth), x: x + 6 + barWidth + 1, y: y, style: theme.text,
        limit: area)
    }
  }

  /// The counts alone, flowed over the rows: `<10s 100  <30s 80  <1m 60 …`.
  private static func drawCounts(_ buckets: [Int], theme: Theme, into buffer: inout Buffer, area: Rect) {
    let labels = Snapshot.lengthBucketLabels
    var x = area.x
    var y = area.y
    for (i, count) in buckets.enumerated() {
      let label = i < labels.count ? labels[i] : ""
      let value = Format.grouped(count)
      let width = label.count + 1 + value.count
      if x > area.x && x + 2 + width > area.maxX {
        x = area.x
        y += 1
      } else if x > area.x {
        x += 2
      }
      guard y < area.maxY else { return }
      x += buffer.write(label + " ", x: x, y: y, style: theme.dim, limit: area)
      x += buffer.write(value, x: x, y: y, style: theme.text, limit: area)
    }
  }
}
