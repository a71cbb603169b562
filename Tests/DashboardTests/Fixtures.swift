import Analytics
import TerminalUI

@testable import Dashboard

/// Dashboard models filled with known data, for view and update tests.
enum Fixtures {
  static let t0: Micros = 1_795_766_400_000_000

  static func snapshot(pages: [(String, Int)] = [("/", 120), ("/pricing", 40), ("/cart", 7)]) -> Snapshot {
    var snapshot = Snapshot()
    snapshot.time = t0 + 300_000_000
    snapshot.window = 300_000_000
    snapshot.events = Snapshot.Events(total: 12_345, inWindow: 3_000, invalid: 3, late: 0)
    snapshot.activeUsers = 1_234
    snapshot.topPages = pages.map { PageCount(page: $0.0, views: $0.1) }
    snapshot.distinctPages = pages.count
    snapshot.sessions.active = 321
    snapshot.sessions.p50 = 65_000_000
    snapshot.sessions.p90 = 540_000_000
    snapshot.sessions.p99 = 2_280_000_000
    snapshot.sessions.max = 3_100_000_000
    snapshot.sessions.mean = 200_000_000
    snapshot.sessions.completed = 45
    snapshot.sessions.completedMean = 180_000_000
    snapshot.sessions.lengthBuckets = [100, 80, 60, 40, 20, 15, 6]
    snapshot.purchases = Snapshot.Purchases(count: 2, revenueMicros: 123_450_000)
    snapshot.actions = [ActionCount(action: "page_view", count: 2_700), ActionCount(action: "purchase", count: 300)]
    return snapshot
  }

  static func frame(
    _ snapshot: Snapshot? = Fixtures.snapshot(), alerts: [Alert] = Fixtures.alerts, seconds: Int = 120
  ) -> EngineFrame {
    var frame = EngineFrame()
    frame.snapshot = snapshot
    frame.actionNames = ["page_view", "add_to_cart", "purchase"]
    frame.timeline = (0..<seconds).map { i in
      var counts = ActionCounts()
      counts.add(0, 10 + i % 7)
      counts.add(2, i % 3)
      return counts
    }
    frame.alerts = alerts
    frame.window = 300_000_000
    return frame
  }

  static let alerts: [Alert] = [
    Alert(
      kind: .purchase, time: t0 + 10_000_000, userID: "u1", sessionID: "s1", amountMicros: 23_450_000, orderID: "o-1"),
    Alert(kind: .highActivity, time: t0 + 20_000_000, userID: "bot7", sessionID: "s9", count: 101),
    Alert(
      kind: .purchase, time: t0 + 30_000_000, userID: "u2", sessionID: nil, amountMicros: 100_000_000, orderID: nil),
  ]

  static func model(width: Int = 160, height: Int = 48, frame: EngineFrame = Fixtures.frame()) -> DashboardModel {
    var model = DashboardModel(
      data: DashboardData(
        source: SourceStatus(kind: .generator(rate: 50, profile: "steady"), state: .live, clock: t0 + 300_000_000),
        window: 300_000_000),
      width: width, height: height, themes: [.standard], monochrome: false,
      windows: [60_000_000, 300_000_000, 900_000_000, 3_600_000_000])
    _ = model.update(.data(DashboardData(engine: frame, source: model.data.source, window: 300_000_000)))
    return model
  }
}

extension Buffer {
  /// Every scalar on screen, for safety checks.
  var allScalars: [Unicode.Scalar] { cells.flatMap { Array($0.text.unicodeScalars) } }
}
