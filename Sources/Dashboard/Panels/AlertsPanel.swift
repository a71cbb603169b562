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
    let count = Format.grouped(purchases.count)
    let noun = purchases.count == 1 ? "purchase" : "purchases"
    let money = Format.money(millionths: purchases.revenueMicros)
    let compactMoney = Format.compact(Double(purchases.revenueMicros) / 1e6)
    let window = TimeSpan.format(model.data.window)
    // Purchases and revenue in the window, as long as the title leaves room for.
    let inner = Block(
      title: "Purchases & alerts", focused: focused, trailing: "\(count) \(noun) · \(money) in \(window)",
      shorter: [
        "\(count) \(noun) · \(money)", "\(count) \(noun) · \(compactMoney)", "\(count) · $\(compactMoney)",
      ]
    ).draw(into: &buffer, area: area, theme: theme)
    guard inner.height > 0, inner.width > 4 else { return }
    let content = inner.inset(horizontal: 1, vertical: 0)
    let alerts = model.data.engine.alerts
    guard !alerts.isEmpty else {
      buffer.write("no purchases or alerts yet", x: content.x, y: content.y, style: theme.dim, limit: content)
      return
    }
    let first = min(model.alertsScroll, alerts.count - 1)
    let shown = (0..<content.height).map { alerts.count - 1 - first - $0 }.filter { $0 >= 0 }.map { alerts[$0] }
    let columns = Columns(shown, room: content.width)
    for (row, alert) in shown.enumerated() {
      drawAlert(alert, columns: columns, theme: theme, into: &buffer, x: content.x, y: content.y + row, limit: content)
    }
  }

  /// Widths shared by the rows on screen, so that amounts and users line up: the usual columns
  /// when the panel has room, else just as wide as the rows shown need (and no time column when
  /// even that is too wide).
  struct Columns {
    var clock = true
    var amount = 11
    var figure = 13

    init(_ alerts: [Alert], room: Int) {
      let amounts = alerts.filter { $0.kind == .purchase }.map {
        DisplayWidth.width(of: Format.money(millionths: Int128($0.amountMicros ?? 0)))
      }
      let counts = alerts.filter { $0.kind == .highActivity }.map { DisplayWidth.width(of: AlertsPanel.count($0)) }
      amount = max(11, amounts.max() ?? 0)
      figure = max(2 + amount, counts.max() ?? 0)
      if AlertsPanel.clockWidth + figure + 2 + 8 > room {
        amount = amounts.max() ?? 0
        figure = max(amounts.isEmpty ? 0 : 2 + amount, counts.max() ?? 0)
      }
      clock = AlertsPanel.clockWidth + figure + 2 + 4 <= room
    }
  }

  /// `08:00:30  `: the time of day and its gap.
  static let clockWidth = 10

  static func count(_ alert: Alert) -> String { "⚡ \(alert.count ?? 0) events" }

  /// One alert row: time, what (amount or event count), user, then the order or session, in the
  /// shared `columns`. The figure is never cut (a row without room for it is left empty); the user
  /// and the last field are cut with `…` or left out (see `writeTail`).
  static func drawAlert(
    _ alert: Alert, columns: Columns, theme: Theme, into buffer: inout Buffer, x: Int, y: Int, limit: Rect
  ) {
    let figure: String
    let whatStyle: Style
    switch alert.kind {
    case .purchase:
      figure = Format.padRight(
        "$ " + Format.padLeft(Format.money(millionths: Int128(alert.amountMicros ?? 0)), columns.amount),
        columns.figure)
      whatStyle = theme.colored(theme.purchase, .bold)
    case .highActivity:
      figure = Format.padRight(count(alert), columns.figure)
      whatStyle = theme.colored(theme.highActivity, .bold)
    }
    var cursor = x
    if columns.clock {
      let clock = String(Timestamp.iso8601(alert.time).dropFirst(11).prefix(8))
      cursor += buffer.write(clock + "  ", x: cursor, y: y, style: theme.dim, limit: limit)
    }
    guard DisplayWidth.width(of: figure) <= limit.maxX - cursor else { return }
    cursor += buffer.write(figure + "  ", x: cursor, y: y, style: whatStyle, limit: limit)
    let userStyle = alert.kind == .purchase ? theme.text : theme.colored(theme.highActivity)
    let user = SafeText.sanitize(alert.userID)
    let userRoom = min(12, limit.maxX - cursor)
    guard DisplayWidth.width(of: user) <= userRoom || userRoom >= 4 else { return }
    buffer.write(Format.padRight(user, userRoom), x: cursor, y: y, style: userStyle, limit: limit)
    cursor += userRoom + 1
    if cursor >= limit.maxX { return }
    switch alert.kind {
    case .purchase:
      if let order = alert.orderID {
        writeTail(SafeText.sanitize(order), into: &buffer, x: cursor, y: y, style: theme.dim, limit: limit)
      }
    case .highActivity:
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
    guard room > 0, DisplayWidth.width(of: text) <= room || room >= minimumTail else { return }
    buffer.write(SafeText.truncate(text, width: room), x: x, y: y, style: style, limit: limit)
  }
  static let minimumTail = 8
}
