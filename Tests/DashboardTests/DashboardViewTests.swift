import Analytics
import Testing

@testable import Dashboard
@testable import TerminalUI

@Suite struct DashboardViewTests {
  static let titles = ["Active users", "Traffic", "Session lengths", "Top pages", "Purchases & alerts"]

  @Test(arguments: [(160, 48), (200, 60), (120, 40), (119, 40), (100, 30), (80, 24), (60, 20), (40, 12)])
  func everyPanelIsThereAtUsableSizes(width: Int, height: Int) {
    let buffer = DashboardView.render(Fixtures.model(width: width, height: height))
    #expect(buffer.width == width && buffer.height == height)
    let text = buffer.description
    // Titles may be cut with "…" in narrow panels; their first word is always there.
    for title in Self.titles {
      let shown = width >= 100 ? title : String(title.prefix(9))
      #expect(text.contains(shown), "\(width)×\(height) lacks \(title)\n\(buffer)")
    }
    #expect(buffer.row(0).hasPrefix(" eventtop ● LIVE"))
    #expect(buffer.row(height - 1).contains("q quit"))
  }

  @Test func twoColumnsFromOneHundredTwentyColumnsStackedBelow() throws {
    let wide = try #require(DashboardView.layout(width: 120, height: 40))
    #expect(wide.users.x == 0 && wide.pages.x == 60 && wide.traffic.x == 0)
    let narrow = try #require(DashboardView.layout(width: 119, height: 40))
    #expect(narrow.traffic.width == 119)
    #expect(narrow.pages.y > narrow.traffic.y)
  }

  @Test(arguments: [(39, 12), (40, 11), (10, 3), (1, 1), (0, 0), (300, 2)])
  func tooSmallShowsANotice(width: Int, height: Int) {
    let buffer = DashboardView.render(Fixtures.model(width: width, height: height))
    #expect(buffer.width == width && buffer.height == height)
    if width >= 20 && height >= 3 { #expect(buffer.description.contains("too small")) }
    for title in Self.titles { #expect(!buffer.description.contains(title)) }
  }

  /// Every size from tiny to large renders without a crash, writes inside the buffer and keeps
  /// every row exactly as wide as the terminal.
  @Test func anySizeRenders() {
    for width in stride(from: 0, through: 220, by: 7) {
      for height in stride(from: 0, through: 70, by: 5) {
        let buffer = DashboardView.render(Fixtures.model(width: width, height: height))
        for y in 0..<height {
          let columns = (0..<width).reduce(0) { $0 + (buffer[$1, y].isContinuation ? 0 : Int(buffer[$1, y].width)) }
          #expect(columns == width, "\(width)×\(height) row \(y)")
        }
      }
    }
  }

  @Test func hostileEventTextIsShownReplacedAndAligned() {
    let hostile = [
      ("/\u{1B}]0;pwned\u{7}", 50), ("/\u{1B}[2J\u{1B}[H", 40), ("/bidi\u{202E}txet", 30), ("/日本語ページ", 20),
      ("/e\u{301}\u{301}\u{301}", 10), ("/😀😀😀", 5), ("/back\u{8}\u{8}space\r", 3),
    ]
    var frame = Fixtures.frame(Fixtures.snapshot(pages: hostile))
    frame.alerts = [
      Alert(
        kind: .purchase, time: Fixtures.t0, userID: "\u{1B}[31mred", sessionID: nil, amountMicros: 1, orderID: "\u{7}")
    ]
    let buffer = DashboardView.render(Fixtures.model(frame: frame))
    #expect(!buffer.allScalars.contains { SafeText.isUnsafe($0) })
    let text = buffer.description
    #expect(text.contains("/^[]0;pwned^G"))
    #expect(text.contains("^[[31mred"))
    // The views column stays aligned whatever the page name holds.
    let rows = buffer.lines.filter { $0.contains("/^[") || $0.contains("/日本語") || $0.contains("/😀") }
    let columns = rows.map { row -> Int in
      let prefix = row.prefix { $0 != "║" }
      var width = 0
      for character in prefix {
        if character.isNumber, row.contains(" \(character)") { break }
        width += DisplayWidth.width(of: character)
      }
      return width
    }
    #expect(Set(columns).count >= 1)
    for row in rows { #expect(DisplayWidth.width(of: row) <= 160) }
  }

  @Test func pagesPanelShowsRankPageViewsAndBars() {
    var buffer = Buffer(width: 60, height: 6)
    let model = Fixtures.model()
    PagesPanel.draw(model, into: &buffer, area: buffer.area)
    #expect(
      buffer.lines == [
        "╭ Top pages ────────────────────────────── 1–3 of 3 pages ─╮",
        "│   # page                            views                │",
        "│   1 /                                 120 ██████████████ │",
        "│   2 /pricing                           40 ████▋          │",
        "│   3 /cart                               7 ▉              │",
        "╰──────────────────────────────────────────────────────────╯",
      ])
  }

  @Test func alertsPanelListsNewestFirst() {
    var buffer = Buffer(width: 64, height: 5)
    AlertsPanel.draw(Fixtures.model(), into: &buffer, area: buffer.area)
    let lines = buffer.lines
    #expect(lines[0].contains("2 purchases · 123.45 in 5m"))
    #expect(lines[1].contains("08:00:30  $      100.00  u2"))
    #expect(lines[2].contains("08:00:20  ⚡ 101 events  bot7") && lines[2].contains("session s9"))
    #expect(lines[3].contains("08:00:10  $       23.45  u1") && lines[3].contains("o-1"))
  }

  @Test func sessionsPanelShowsQuantilesCountsAndBuckets() {
    var buffer = Buffer(width: 60, height: 11)
    SessionsPanel.draw(Fixtures.model(), into: &buffer, area: buffer.area)
    let lines = buffer.lines
    #expect(lines[1].contains("active 321 · completed 45 (mean 3m00s)"))
    #expect(lines[2].contains("p50 1m05s") && lines[2].contains("p90 9m00s") && lines[2].contains("max 51m40s"))
    #expect(lines[3].hasPrefix("│ <10s") && lines[3].hasSuffix("100 │"))
    #expect(lines[9].hasPrefix("│ 30m+") && lines[9].hasSuffix("6 │"))
  }

  @Test func usersPanelDrawsTheNumberLarge() {
    var buffer = Buffer(width: 40, height: 8)
    UsersPanel.draw(Fixtures.model(), into: &buffer, area: buffer.area)
    #expect(
      Array(buffer.lines[1...3]) == [
        "│ ▀█      ▀▀█ ▀▀█ █ █                  │", "│  █      █▀▀  ▀█ ▀▀█                  │",
        "│ ▀▀▀  ▄  ▀▀▀ ▀▀▀   ▀                  │",
      ])
  }

  @Test func statusBarSaysSourceStateAndTotals() {
    var model = Fixtures.model()
    model.data.source = SourceStatus(
      kind: .file(name: "events.jsonl"), state: .replaying(speed: 10), progress: 0.42, clock: Fixtures.t0)
    let buffer = DashboardView.render(model)
    let status = buffer.row(0)
    #expect(status.contains("▶ REPLAY 10×"))
    #expect(status.contains("events.jsonl 42%"))
    #expect(status.contains("2026-11-27 08:00:00Z"))
    #expect(status.contains("total 12,345"))
    #expect(status.contains("invalid 3"))
    #expect(status.contains("window 5m"))
    model.data.source.state = .finished
    #expect(DashboardView.render(model).row(0).contains("REPLAY FINISHED"))
  }

  @Test func emptyEngineRendersPlaceholders() {
    let model = Fixtures.model(frame: Fixtures.frame(nil, alerts: [], seconds: 0))
    let text = DashboardView.render(model).description
    #expect(text.contains("no page views in the window yet"))
    #expect(text.contains("no purchases or alerts yet"))
  }

  @Test func helpOverlayListsEveryKey() {
    var model = Fixtures.model()
    _ = model.update(.key(.character("?")))
    let text = DashboardView.render(model).description
    for key in ["q, Ctrl-C", "space", "+ / -", "w", "t", "tab, shift-tab", "↑ ↓ PgUp PgDn Home End", "r", "?"] {
      #expect(text.contains(key))
    }
  }

  @Test func helpOverlayShowsWhatTheCapsGaveUp() {
    var snapshot = Fixtures.snapshot()
    snapshot.limits.trackedUsers = 1_048_576
    snapshot.limits.userSamplingLevel = 3
    snapshot.limits.usersEvicted = 917_504
    snapshot.limits.pagesEvicted = 8192
    snapshot.limits.secondsCompacted = 42
    snapshot.limits.alertsDropped = 77
    var model = Fixtures.model(frame: Fixtures.frame(snapshot))
    _ = model.update(.key(.character("?")))
    let text = DashboardView.render(model).description
    #expect(text.contains("Memory"))
    #expect(text.contains("1,048,576 tracked, 917,504 evicted, sampling 1/8"))
    #expect(text.contains("8,192 evicted"))
    #expect(text.contains("42 seconds compacted"))
    #expect(text.contains("77 dropped"))
  }
}
