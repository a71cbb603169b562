import Analytics
import TerminalUI

/// Purchases and high-activity alerts, newest first, with purchases and revenue in the window.
enum AlertsPanel {
  /// Alerts listed in a panel of this size.
  static func visibleRows(in area: Rect) -> Int { max(1, area.height - 2) }

  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    let purchases = model.snapshot?.purchases ?? Snapshot.Purchases()
    let focused = model.focus == .alerts
    let summary =
      "\(Format.grouped(purchases.count)) \(purchases.count == 1 ? "purchase" : "purchases") · \(Format.money(millionths: purchases.revenueMicros)) in \(TimeSpan.format(model.data.window))"
    let inner = Block(title: "Purchases & alerts", focused: focused, trailing: summary)
      .draw(into: &buffer, area: area, theme: theme)
    guard inner.height > 0, inner.width > 4 else { return }
    let content = inner.inset(horizontal: 1, vertical: 0)
    let alerts = model.data.engine.alerts
    guard !alerts.isEmpty else {
      buffer.write("no purchases or alerts yet", x: content.x, y: content.y, style: theme.dim, limit: content)
      return
    }
    let first = min(model.alertsScroll, alerts.count - 1)
    for row in 0..<content.height {
      let index = alerts.count - 1 - first - row
      guard index >= 0 else { break }
      drawAlert(alerts[index], theme: theme, into: &buffer, x: content.x, y: content.y + row, limit: content)
    }
  }

  static func drawAlert(_ alert: Alert, theme: Theme, into buffer: inout Buffer, x: Int, y: Int, limit: Rect) {
    let time = Timestamp.iso8601(alert.time)
    let clock = String(time.dropFirst(11).prefix(8))
    var cursor = x + buffer.write(clock + "  ", x: x, y: y, style: theme.dim, limit: limit)
    switch alert.kind {
    case .purchase:
      let amount = Format.money(millionths: Int128(alert.amountMicros ?? 0))
      cursor += buffer.write(
        "$ " + Format.padLeft(amount, 11) + "  ", x: cursor, y: y, style: theme.colored(theme.purchase, .bold),
        limit: limit)
      cursor += buffer.write(
        Format.padRight(SafeText.sanitize(alert.userID), 12) + " ", x: cursor, y: y, style: theme.text, limit: limit)
      if let order = alert.orderID {
        writeTail(SafeText.sanitize(order), into: &buffer, x: cursor, y: y, style: theme.dim, limit: limit)
      }
    case .highActivity:
      let count = "⚡ \(alert.count ?? 0) events"
      cursor += buffer.write(
        Format.padRight(count, 13) + "  ", x: cursor, y: y, style: theme.colored(theme.highActivity, .bold),
        limit: limit)
      cursor += buffer.write(
        Format.padRight(SafeText.sanitize(alert.userID), 12) + " ", x: cursor, y: y,
        style: theme.colored(theme.highActivity), limit: limit)
      if let session = alert.sessionID {
        writeTail(
          "session " + SafeText.sanitize(session), into: &buffer, x: cursor, y: y, style: theme.dim, limit: limit)
      }
    }
  }

  /// The last field of a row: whole, or cut with `…` when at least `minimumTail` columns are
  /// left for it, else left out (a stub such as `ses` reads as a different value).
  static func writeTail(_ text: String, into buffer: inout Buffer, x: Int, y: Int, style: Style, limit: Rect) {
    let room = limit.maxX - x
    guard DisplayWidth.width(of: text) <= room || room >= minimumTail else { return }
    buffer.write(SafeText.truncate(text, width: room), x: x, y: y, style: style, limit: limit)
  }
  static let minimumTail = 8
}
