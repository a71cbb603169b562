import Analytics
import TerminalUI

/// The top pages in the window, with counts and proportional bars; scrolls when focused.
enum PagesPanel {
  /// Pages listed in a panel of this size (below the border and the header row).
  static func visibleRows(in area: Rect) -> Int {
    let inner = max(0, area.height - 2)
    return max(1, inner - (inner >= 2 ? 1 : 0))
  }

  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    let pages = model.snapshot?.topPages ?? []
    let distinct = model.snapshot?.distinctPages ?? 0
    let focused = model.focus == .pages
    let visibleRows = visibleRows(in: area)
    let first = min(model.pagesScroll, max(0, pages.count - 1))
    let range = pages.isEmpty ? "" : "\(first + 1)–\(min(pages.count, first + visibleRows)) of "
    // Past the pages that can be scrolled to, the title says how far scrolling goes.
    let reachable = model.reachablePages < distinct ? "top \(Format.grouped(model.reachablePages)) of " : ""
    let inner = Block(
      title: "Top pages", focused: focused, trailing: "\(range)\(reachable)\(Format.grouped(distinct)) pages"
    )
    .draw(into: &buffer, area: area, theme: theme)
    guard inner.height > 0, inner.width > 4 else { return }
    let content = inner.inset(horizontal: 1, vertical: 0)
    let most = max(1, pages.first?.views ?? 1)
    let viewsWidth = max(7, Format.grouped(most).count + 1)
    let rankWidth = 4
    // Bars take up to a quarter of the width, less when the names shown need the room, but at
    // least six columns while that leaves names twelve; narrower than that, no bars.
    let available = content.width - rankWidth - viewsWidth
    let shown = pages.dropFirst(first).prefix(max(0, content.height - 1))
    let longest = shown.map { DisplayWidth.width(of: SafeText.sanitize($0.page)) }.max() ?? 4
    var barWidth = min(24, content.width / 4, max(0, available - 1 - longest))
    if barWidth < 6 { barWidth = available >= 6 + 1 + 12 ? 6 : 0 }
    let pageWidth = max(1, available - (barWidth > 0 ? barWidth + 1 : 0))
    // A header row when there is room for it and at least one page below.
    let header = content.height >= 2 ? 1 : 0
    if header == 1 {
      buffer.write(
        Format.padLeft("#", rankWidth - 1) + " " + Format.padRight("page", pageWidth)
          + Format.padLeft("views", viewsWidth),
        x: content.x, y: content.y, style: theme.dim, limit: content)
    }
    guard pages.count > 0 else {
      buffer.write(
        "no page views in the window yet", x: content.x, y: content.y + header, style: theme.dim, limit: content)
      return
    }
    for row in 0..<max(0, content.height - header) {
      let index = first + row
      guard index < pages.count else { break }
      let page = pages[index]
      let y = content.y + header + row
      var x = content.x
      x += buffer.write(
        Format.padLeft("\(index + 1)", rankWidth - 1) + " ", x: x, y: y, style: theme.dim, limit: content)
      x += buffer.write(
        Format.padRight(SafeText.sanitize(page.page), pageWidth), x: x, y: y, style: theme.text, limit: content)
      x += buffer.write(
        Format.padLeft(Format.grouped(page.views), viewsWidth), x: x, y: y, style: theme.colored(theme.accent),
        limit: content)
      if barWidth > 0 {
        let bar = HorizontalBar.text(fraction: Double(page.views) / Double(most), width: barWidth)
        buffer.write(bar, x: x + 1, y: y, style: theme.colored(theme.bar), limit: content)
      }
    }
  }
}
