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
    #expect(model.update(.key(.character("+"))) == [.scaleSpeed(2)])
    #expect(model.update(.key(.character("-"))) == [.scaleSpeed(0.5)])
    #expect(model.update(.key(.character("w"))) == [.setWindow(900_000_000)])
    #expect(model.update(.key(.character("w"))) == [.setWindow(3_600_000_000)])
    #expect(model.update(.key(.character("w"))) == [.setWindow(60_000_000)])
    #expect(model.update(.key(.character("r"))) == [.reset])
    #expect(model.update(.key(.character("z"))) == [])
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
    #expect(model.focus == .pages)
    _ = model.update(.key(.down))
    _ = model.update(.key(.pageDown))
    #expect(model.pagesScroll == 11)
    _ = model.update(.key(.end))
    #expect(model.pagesScroll == 49)
    _ = model.update(.key(.tab))
    #expect(model.focus == .alerts)
    _ = model.update(.key(.down))
    #expect(model.alertsScroll == 1)
    #expect(model.pagesScroll == 49)
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

}
