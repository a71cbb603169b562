import Analytics
import TerminalUI

/// Active users: the number, large, and a sparkline of its recent history.
enum UsersPanel {
  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    let window = TimeSpan.format(model.data.window)
    let inner = Block(title: "Active users", trailing: "last \(window)").draw(into: &buffer, area: area, theme: theme)
    guard inner.height > 0, inner.width > 0 else { return }
    let users = model.snapshot?.activeUsers ?? 0
    let number = Format.grouped(users)
    var y = inner.y
    let content = inner.inset(horizontal: 1, vertical: 0)
    if inner.height >= 5 && BigDigits.width(of: number) <= content.width {
      BigDigits.draw(
        number, x: content.x, y: y, into: &buffer, style: theme.colored(theme.accent, .bold), limit: content)
      y += BigDigits.height
    } else {
      buffer.write(number, x: content.x, y: y, style: theme.colored(theme.accent, .bold), limit: content)
      y += 1
    }
    let remaining = inner.maxY - y
    guard remaining > 0 else { return }
    // The chart shows the last seconds that fit, one a column; the caption speaks of those.
    let history = Array(model.userHistory.map { Double($0.users) }.suffix(content.width))
    if remaining >= 2 {
      let peak = Format.grouped(history.max().map { Int($0) } ?? users)
      let captions = [
        "distinct users · peak \(peak) in the last \(history.count)s", "peak \(peak) in \(history.count)s",
        "peak \(peak)",
      ]
      let caption = captions.first { DisplayWidth.width(of: $0) <= content.width } ?? captions[captions.count - 1]
      buffer.write(caption, x: content.x, y: y, style: theme.dim, limit: content)
      y += 1
    }
    let sparkArea = Rect(x: content.x, y: y, width: content.width, height: inner.maxY - y)
    ColumnChart.draw(history, into: &buffer, area: sparkArea, style: theme.colored(theme.chart))
  }
}
