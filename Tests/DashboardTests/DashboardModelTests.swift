import Analytics
import Testing

@testable import Dashboard
@testable import TerminalUI

@Suite struct DashboardModelTests {
  @Test func keysBecomeCommands() {
    var model = Fixtures.model()
    #expect(model.update(.key(.character("q"))) == [.quit])
    #expect(model.update(.key(.interrupt)) == [.quit])
    #expect(model.update(.key(.character(" "))) == [.setPaused(true)])
    #expect(model.paused)
    #expect(model.update(.key(.character(" "))) == [.setPaused(false)])
    // The generator has no speed: + and - say so and ask nothing.
    #expect(model.update(.key(.character("+"))) == [])
    #expect(model.notice == "+/- change a replay's speed")
    #expect(model.update(.key(.character("w"))) == [.setWindow(900_000_000)])
    #expect(model.update(.key(.character("w"))) == [.setWindow(3_600_000_000)])
    #expect(model.update(.key(.character("w"))) == [.setWindow(60_000_000)])
    #expect(model.update(.key(.character("r"))) == [.reset])
    #expect(model.update(.key(.character("z"))) == [])
  }

  /// A replay's speed keys work, also while paused, and the paused status names the new speed.
  @Test func speedKeysWorkOnAReplayAlsoWhilePaused() {
    var model = Fixtures.model()
    var source = SourceStatus(kind: .file(name: "x.jsonl"), state: .replaying(speed: 4), speed: 4)
    _ = model.update(.data(DashboardData(engine: model.data.engine, source: source, window: 300_000_000)))
    #expect(model.update(.key(.character("+"))) == [.scaleSpeed(2)])
    #expect(model.update(.key(.character("-"))) == [.scaleSpeed(0.5)])
    _ = model.update(.key(.character(" ")))
    #expect(model.update(.key(.character("+"))) == [.scaleSpeed(2)])
    source.state = .paused
    source.speed = 8
    _ = model.update(.data(DashboardData(engine: model.data.engine, source: source, window: 300_000_000)))
    #expect(DashboardView.render(model).lines[0].contains("⏸ PAUSED 8×"))
    let hints = DashboardView.render(model).lines.last ?? ""
    #expect(hints.contains("+/- speed"))
  }

  @Test func pausedPanelsFreeze() {
    var model = Fixtures.model()
    _ = model.update(.key(.character(" ")))
    var later = Fixtures.snapshot()
    later.activeUsers = 9_999
    _ = model.update(
      .data(DashboardData(engine: Fixtures.frame(later), source: model.data.source, window: 300_000_000)))
    #expect(model.snapshot?.activeUsers == 1_234)
    _ = model.update(.key(.character(" ")))
    _ = model.update(
      .data(DashboardData(engine: Fixtures.frame(later), source: model.data.source, window: 300_000_000)))
    #expect(model.snapshot?.activeUsers == 9_999)
  }

  @Test func themesCycleAndHelpCloses() {
    var model = Fixtures.model()
    model.themes = [.standard, Theme.parse("accent = #ff0000", name: "red").theme]
    _ = model.update(.key(.character("t")))
    #expect(model.theme.name == "red")
    #expect(model.notice == "theme red")
    _ = model.update(.key(.character("t")))
    #expect(model.theme.name == "default")
    _ = model.update(.key(.character("?")))
    #expect(model.showHelp)
    #expect(model.update(.key(.character("w"))) == [])
    #expect(!model.showHelp)
  }

  @Test func tabMovesFocusAndArrowsScrollTheFocusedList() {
    let pages = (1...50).map { ("/p\($0)", 100 - $0) }
    var model = Fixtures.model(frame: Fixtures.frame(Fixtures.snapshot(pages: pages)))
    let rows = model.visibleRows.pages
    #expect(model.focus == .pages)
    _ = model.update(.key(.down))
    _ = model.update(.key(.pageDown))
    #expect(model.pagesScroll == 1 + rows - 1)
    _ = model.update(.key(.end))
    #expect(model.pagesScroll == 50 - rows)
    _ = model.update(.key(.tab))
    #expect(model.focus == .alerts)
    // Three alerts all fit: the alerts list does not scroll.
    _ = model.update(.key(.down))
    #expect(model.alertsScroll == 0)
    #expect(model.pagesScroll == 50 - rows)
    _ = model.update(.key(.backTab))
    #expect(model.focus == .pages)
    _ = model.update(.key(.home))
    #expect(model.pagesScroll == 0)
    let text = DashboardView.render(model).description
    #expect(text.contains("/p1 "))
  }

  /// The sparkline is the engine's per-second samples, then the value now; frozen while paused.
  @Test func historyIsTheEnginesSamplesThenNow() {
    var model = Fixtures.model()
    var snapshot = Fixtures.snapshot()
    snapshot.time = Fixtures.t0 + 4_500_000
    snapshot.activeUsers = 50
    var frame = Fixtures.frame(snapshot)
    frame.userHistory = (0..<4).map { UsersSample(time: Fixtures.t0 + Micros($0) * 1_000_000, activeUsers: $0 * 10) }
    _ = model.update(.data(DashboardData(engine: frame, source: model.data.source, window: 300_000_000)))
    #expect(model.userHistory.map(\.users) == [0, 10, 20, 30, 50])
    _ = model.update(.key(.character(" ")))
    frame.userHistory.append(UsersSample(time: Fixtures.t0 + 4_000_000, activeUsers: 40))
    _ = model.update(.data(DashboardData(engine: frame, source: model.data.source, window: 300_000_000)))
    #expect(model.userHistory.map(\.users) == [0, 10, 20, 30, 50], "paused")
  }

  /// Pages that the panel shows, read back from the rendered screen: the ranks in its first column.
  static func shownRanks(_ model: DashboardModel) throws -> [Int] {
    let frame = try #require(DashboardView.layout(width: model.width, height: model.height))
    let buffer = DashboardView.render(model)
    return (frame.pages.y + 2..<frame.pages.maxY - 1).compactMap { y in
      let row = (frame.pages.x + 1..<frame.pages.maxX - 1).map { String(buffer[$0, y].text) }.joined()
      return Int(row.split(separator: " ").first ?? "")
    }
  }

  /// End, PgDn and ↓ stop with the last page on the last row: every row stays filled.
  @Test(arguments: [(160, 48), (120, 36), (80, 24), (100, 30)])
  func endPutsTheLastPageOnTheLastRow(width: Int, height: Int) throws {
    let pages = (1...60).map { ("/p\($0)", 1000 - $0) }
    var model = Fixtures.model(width: width, height: height, frame: Fixtures.frame(Fixtures.snapshot(pages: pages)))
    let rows = model.visibleRows.pages
    _ = model.update(.key(.end))
    #expect(try Self.shownRanks(model) == Array(60 - rows + 1...60))
    for key in [Key.down, .pageDown, .end] {
      _ = model.update(.key(key))
      #expect(try Self.shownRanks(model) == Array(60 - rows + 1...60), "\(key)")
    }
    _ = model.update(.key(.up))
    #expect(try Self.shownRanks(model) == Array(60 - rows...59))
    _ = model.update(.key(.home))
    #expect(try Self.shownRanks(model).first == 1)
  }

  @Test func endInTheAlertsShowsTheOldestOnTheLastRow() throws {
    let alerts = (0..<40).map { i in
      Alert(
        kind: .purchase, time: Fixtures.t0 + Micros(i) * 1_000_000, userID: "u\(i)", sessionID: nil, amountMicros: 1)
    }
    var model = Fixtures.model(width: 120, height: 36, frame: Fixtures.frame(alerts: alerts))
    _ = model.update(.key(.tab))
    _ = model.update(.key(.end))
    let frame = try #require(DashboardView.layout(width: 120, height: 36))
    let buffer = DashboardView.render(model)
    let inside = (frame.alerts.y + 1..<frame.alerts.maxY - 1).map { buffer.row($0) }
    #expect(inside.last?.contains(" u0 ") == true, "the oldest alert on the last row")
    #expect(inside.allSatisfy { $0.contains("$") }, "no empty rows:\n\(buffer)")
  }

  /// Scrolling past the pages a frame holds asks for a frame with enough of them, up to the cap,
  /// and the title says how far scrolling goes when pages are past it.
  @Test func pagesPastTheFetchedOnesAreFetched() {
    var snapshot = Fixtures.snapshot(pages: (1...200).map { ("/p\($0)", 10_000 - $0) })
    snapshot.distinctPages = 270
    var model = Fixtures.model(frame: Fixtures.frame(snapshot))
    #expect(model.wantedPages == DashboardModel.fetchedPages)
    #expect(model.update(.key(.end)) == [.refresh])
    #expect(model.wantedPages == 270)
    #expect(model.pagesScroll == 270 - model.visibleRows.pages)
    snapshot.distinctPages = 5_000
    model = Fixtures.model(frame: Fixtures.frame(snapshot))
    _ = model.update(.key(.end))
    #expect(model.wantedPages == DashboardModel.scrollablePages)
    #expect(DashboardView.render(model).description.contains("of top 1,000 of 5,000 pages"))
  }

  // MARK: - Paused

  static func data(_ model: DashboardModel, users: Int, window: Micros) -> DashboardMessage {
    var snapshot = Fixtures.snapshot()
    snapshot.activeUsers = users
    snapshot.window = window
    var frame = Fixtures.frame(snapshot)
    frame.window = window
    return .data(DashboardData(engine: frame, source: model.data.source, window: window))
  }

  /// While paused, `w` takes exactly one fresh frame: the labels change with the figures, never
  /// before them, and the panels freeze again after it.
  @Test func windowWhilePausedTakesOneFreshFrame() {
    var model = Fixtures.model()
    _ = model.update(.key(.character(" ")))
    #expect(model.update(.key(.character("w"))) == [.setWindow(900_000_000)])
    #expect(model.data.window == 300_000_000, "the label waits for the frame that has the figures")
    _ = model.update(Self.data(model, users: 5_000, window: 900_000_000))
    #expect(model.data.window == 900_000_000 && model.snapshot?.activeUsers == 5_000)
    _ = model.update(Self.data(model, users: 7_000, window: 900_000_000))
    #expect(model.snapshot?.activeUsers == 5_000, "frozen again")
    let text = DashboardView.render(model).description
    #expect(text.contains("last 15m") && text.contains("in 15m") && text.contains("over 15m"))
    #expect(!text.contains("last 5m") && !text.contains("over 5m"))
  }

  /// While paused, `r` resets everything shown: one fresh (empty) frame, history included.
  @Test func resetWhilePausedResetsTheWholeScreen() {
    var model = Fixtures.model()
    _ = model.update(.key(.character(" ")))
    #expect(model.update(.key(.character("r"))) == [.reset])
    _ = model.update(.data(DashboardData(engine: EngineFrame(), source: model.data.source, window: 300_000_000)))
    #expect(model.snapshot == nil && model.userHistory.isEmpty && model.data.engine.alerts.isEmpty)
    let text = DashboardView.render(model).description
    #expect(text.contains("no page views in the window yet") && text.contains("no purchases or alerts yet"))
    #expect(!text.contains("1,234"))
  }

  /// `w` pressed twice before a frame arrives still cycles on.
  @Test func windowKeysCycleAheadOfTheFrames() {
    var model = Fixtures.model()
    #expect(model.update(.key(.character("w"))) == [.setWindow(900_000_000)])
    #expect(model.update(.key(.character("w"))) == [.setWindow(3_600_000_000)])
    _ = model.update(Self.data(model, users: 1, window: 3_600_000_000))
    #expect(model.update(.key(.character("w"))) == [.setWindow(60_000_000)])
  }
}
