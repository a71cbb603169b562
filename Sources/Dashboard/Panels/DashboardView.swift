import Analytics
import TerminalUI

/// Draws the whole dashboard for a model: a pure function from state to a buffer.
public enum DashboardView {
  public static let minimumWidth = 40
  public static let minimumHeight = 12
  /// From this width on, panels sit in two columns.
  public static let twoColumnWidth = 120

  /// The panels' places for a terminal size (nil when it is too small).
  public struct Frame: Equatable, Sendable {
    public var status: Rect
    public var users: Rect
    public var traffic: Rect
    public var sessions: Rect
    public var pages: Rect
    public var alerts: Rect
    public var hints: Rect
  }

  public static func layout(width: Int, height: Int) -> Frame? {
    guard width >= minimumWidth, height >= minimumHeight else { return nil }
    let screen = Rect(x: 0, y: 0, width: width, height: height)
    let (status, rest) = screen.splitTop(1)
    let (body, hints) = rest.splitBottom(1)
    if width >= twoColumnWidth {
      let columns = Layout.split(body, .horizontal, [.percentage(50), .fill(1)])
      let left = Layout.split(columns[0], .vertical, [.length(8), .fill(1), .length(min(13, max(6, body.height / 3)))])
      let right = Layout.split(columns[1], .vertical, [.percentage(55), .fill(1)])
      return Frame(
        status: status, users: left[0], traffic: left[1], sessions: left[2], pages: right[0], alerts: right[1],
        hints: hints)
    }
    // Stacked: three bands. The top band gives the session histogram all 7 rows when the screen
    // has them (11 rows), else 8 rows where the buckets sit in two columns and the users number
    // is still large; traffic and the lists share the rest. Below 20 rows every band keeps at
    // least three rows so that each panel keeps a line of content down to the minimum size.
    let topHeight: Int
    let trafficHeight: Int
    if body.height >= 25 {
      topHeight = 11
    } else if body.height >= 18 {
      topHeight = 8
    } else {
      topHeight = max(4, body.height * 3 / 10)
    }
    if body.height >= 18 {
      trafficHeight = min(12, max(5, (body.height - topHeight) / 2))
    } else {
      trafficHeight = max(3, body.height * 3 / 10)
    }
    let rows = Layout.split(body, .vertical, [.length(topHeight), .length(trafficHeight), .min(3)])
    // The sessions panel takes 60%: at 80 columns its quantile line keeps p50 to max.
    let top = Layout.split(rows[0], .horizontal, [.percentage(40), .fill(1)])
    let bottom = Layout.split(rows[2], .horizontal, [.percentage(55), .fill(1)])
    return Frame(
      status: status, users: top[0], traffic: rows[1], sessions: top[1], pages: bottom[0], alerts: bottom[1],
      hints: hints)
  }

  /// Rows the pages and alerts lists show at a terminal size (1 when there is no layout).
  public static func listRows(width: Int, height: Int) -> (pages: Int, alerts: Int) {
    guard let frame = layout(width: width, height: height) else { return (1, 1) }
    return (PagesPanel.visibleRows(in: frame.pages), AlertsPanel.visibleRows(in: frame.alerts))
  }

  public static func render(_ model: DashboardModel) -> Buffer {
    let theme = model.theme
    var buffer = Buffer(width: model.width, height: model.height, style: theme.text)
    guard let frame = layout(width: model.width, height: model.height) else {
      drawTooSmall(model, into: &buffer)
      return buffer
    }
    StatusBar.draw(model, into: &buffer, area: frame.status)
    UsersPanel.draw(model, into: &buffer, area: frame.users)
    TrafficPanel.draw(model, into: &buffer, area: frame.traffic)
    SessionsPanel.draw(model, into: &buffer, area: frame.sessions)
    PagesPanel.draw(model, into: &buffer, area: frame.pages)
    AlertsPanel.draw(model, into: &buffer, area: frame.alerts)
    KeyHints.draw(model, into: &buffer, area: frame.hints)
    if model.showHelp { HelpOverlay.draw(model, into: &buffer) }
    return buffer
  }

  static func drawTooSmall(_ model: DashboardModel, into buffer: inout Buffer) {
    let lines = [
      "terminal too small", "need \(minimumWidth)×\(minimumHeight), have \(model.width)×\(model.height)",
      "q quits",
    ]
    let top = max(0, (model.height - lines.count) / 2)
    for (i, line) in lines.enumerated() {
      let x = max(0, (model.width - DisplayWidth.width(of: line)) / 2)
      buffer.write(line, x: x, y: top + i, style: i == 0 ? model.theme.heading : model.theme.dim)
    }
  }
}
