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
    #expect(buffer.row(0).contains(" ● LIVE"))
    if width >= 120 { #expect(buffer.row(0).hasPrefix(" eventtop ● LIVE")) }
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

  /// The last field of an alert row (order id, session) is whole, cut with `…` when there is room
  /// for some of it, or left out: never a stub such as `ses` that reads as another value.
  @Test func alertRowsNeverEndInAStub() {
    for width in 40...64 {
      var buffer = Buffer(width: width, height: 5)
      AlertsPanel.draw(Fixtures.model(), into: &buffer, area: buffer.area)
      let row = buffer.lines[2].dropLast().trimmingCharacters(in: .whitespaces)
      guard let userEnd = row.range(of: "bot7")?.upperBound else { continue }
      let tail = row[userEnd...].trimmingCharacters(in: .whitespaces)
      let fits = "session s9"
      #expect(
        tail.isEmpty || tail == fits || (tail.hasSuffix("…") && fits.hasPrefix(tail.dropLast()) && tail.count >= 8),
        "width \(width): \(tail)")
      #expect(tail == fits || width < 52, "width \(width): room for the whole session")
    }
  }

  /// However narrow the panel, an amount or an event count is shown whole or not at all, and the
  /// purchases and revenue stay in the title in some form while it has room for the shortest.
  @Test func alertFiguresAreNeverCut() {
    for width in 12...70 {
      var buffer = Buffer(width: width, height: 5)
      AlertsPanel.draw(Fixtures.model(), into: &buffer, area: buffer.area)
      let lines = buffer.lines
      for (row, whole) in [(1, "$ 100.00"), (2, "⚡ 101 events"), (3, "$ 23.45")] {
        let text = lines[row].replacingOccurrences(of: #"\$ +"#, with: "$ ", options: .regularExpression)
        let shows = text.contains("$") || text.contains("⚡")
        #expect(!shows || text.contains(whole), "width \(width): \(lines[row])")
        if width >= 24 { #expect(text.contains(whole), "room for the figure at \(width): \(lines[row])") }
      }
      if width >= 36 {
        let title = lines[0]
        let forms = ["2 purchases · 123.45", "2 purchases · 123.5", "2 · $123.5"]
        #expect(forms.contains { title.contains($0) }, "\(width): \(title)")
      }
      if width >= 52 { #expect(lines[0].contains("2 purchases · 123.45"), "\(lines[0])") }
    }
  }

  /// Amounts end in one column and users start in one column, at every width that shows them.
  @Test func alertColumnsLineUp() {
    for width in 20...70 {
      var buffer = Buffer(width: width, height: 5)
      AlertsPanel.draw(Fixtures.model(), into: &buffer, area: buffer.area)
      let rows = buffer.lines[1...3].map { Array($0) }
      let amountEnds = rows.compactMap { row -> Int? in
        guard let dollar = row.firstIndex(of: "$") else { return nil }
        var i = dollar + 2
        while i < row.count && (row[i] == " " || row[i].isNumber || row[i] == "." || row[i] == ",") { i += 1 }
        while row[i - 1] == " " { i -= 1 }
        return i
      }
      #expect(Set(amountEnds).count <= 1, "width \(width): \(buffer.lines)")
      let userStarts = zip(rows, ["u2", "bot7", "u1"]).compactMap { row, user -> Int? in
        let text = String(row)
        return text.range(of: " \(user)").map { DisplayWidth.width(of: String(text[..<$0.lowerBound])) }
      }
      #expect(userStarts.count == 3 || width < 30, "width \(width): \(buffer.lines)")
      #expect(Set(userStarts).count <= 1, "width \(width): \(buffer.lines)")
    }
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

  // MARK: - Narrow screens

  static let sources: [(SourceStatus, String)] = [
    (
      SourceStatus(kind: .generator(rate: 50, profile: "steady"), state: .live, clock: Fixtures.t0),
      "generator 50/s"
    ),
    (
      SourceStatus(
        kind: .file(name: "/work/main/recordings/steady-weekday.jsonl"), state: .finished, progress: 1,
        clock: Fixtures.t0),
      "steady-weekday.jsonl 100%"
    ),
    (
      SourceStatus(
        kind: .file(name: "recordings/bot-burst.jsonl"), state: .replaying(speed: 10), progress: 0.5,
        clock: Fixtures.t0),
      "bot-burst.jsonl 50%"
    ),
    (SourceStatus(kind: .follow(name: "/var/log/shop/events.jsonl"), state: .live, clock: Fixtures.t0), "events.jsonl"),
    (SourceStatus(kind: .standardInput, state: .ended, clock: Fixtures.t0), "stdin"),
  ]

  /// From 80 columns on, the status bar holds every required field, whole: source, state,
  /// event-time clock, events per second, total, invalid, window.
  @Test(arguments: [80, 90, 100, 110, 119, 120, 160], [false, true])
  func statusBarKeepsEveryFieldFromEightyColumns(width: Int, late: Bool) {
    for (source, sourceText) in Self.sources {
      var model = Fixtures.model(width: width, height: 30)
      var snapshot = Fixtures.snapshot()
      snapshot.events.total = 1_234_567
      snapshot.events.late = late ? 12 : 0
      model.data.engine.snapshot = snapshot
      model.data.source = source
      let bar = DashboardView.render(model).row(0)
      let words = bar.split(whereSeparator: { $0 == " " || $0 == "│" }).map(String.init)
      if late {
        // Late events add a field: a long file name may lose its end, never its percent.
        let parts = sourceText.split(separator: " ")
        #expect(bar.contains(parts[0].prefix(8)) && bar.contains(parts.last!), "source: \(bar)")
        #expect(bar.contains("late 12"), "late: \(bar)")
      } else {
        #expect(bar.contains(sourceText), "source: \(bar)")
        #expect(!bar.contains("…"), "nothing cut: \(bar)")
      }
      #expect(StatusBar.state(model).0.contains { bar.contains($0) }, "state: \(bar)")
      #expect(words.contains("08:00:00Z"), "clock: \(bar)")
      #expect(
        words.contains { $0.hasSuffix("/s") && Double($0.dropLast(2)) != nil } || bar.contains("ev/s"), "rate: \(bar)")
      #expect(bar.contains("total 1,234,567") || bar.contains("total 1.23M"), "total: \(bar)")
      #expect(bar.contains("invalid 3") || bar.contains("inv 3"), "invalid: \(bar)")
      #expect(bar.contains("window 5m") || bar.contains("win 5m"), "window: \(bar)")
      #expect(bar.last == " " || DisplayWidth.width(of: bar) == width)
    }
  }

  /// With room, the bar is the long form: label, date, spaced separators, whole words.
  @Test func statusBarIsTheLongFormWithRoom() {
    var model = Fixtures.model(width: 160)
    model.data.source = Self.sources[1].0
    let bar = DashboardView.render(model).row(0)
    #expect(
      bar.hasPrefix(
        " eventtop ■ REPLAY FINISHED │ steady-weekday.jsonl 100% │ 2026-11-27 08:00:00Z │ 14.8 ev/s │ total 12,345 │ invalid 3 │ window 5m"
      ), "\(bar)")
  }

  /// A very long file name is cut at 32 columns rather than push out the date and the state.
  @Test func aLongFileNameDoesNotPushOutTheDate() {
    var model = Fixtures.model(width: 140, height: 40)
    let name = "eventtop-05A6465B-D659-484C-8C3E-4812F6053EC7-replay.jsonl"
    model.data.source = SourceStatus(
      kind: .file(name: "/tmp/" + name), state: .replaying(speed: 8), progress: 0.04, clock: Fixtures.t0)
    let bar = DashboardView.render(model).row(0)
    #expect(bar.contains("▶ REPLAY 8×") && bar.contains("2026-11-27 08:00:00Z"), "\(bar)")
    #expect(bar.contains(SafeText.truncate(name, width: 32) + " 4%"), "\(bar)")
  }

  /// Only at really narrow widths do fields go, least important first; the state stays.
  @Test func statusBarDropsFieldsLeastImportantFirst() {
    var model = Fixtures.model(width: 40, height: 12)
    model.data.source = Self.sources[1].0
    let bar = DashboardView.render(model).row(0)
    #expect(bar.contains("■ FINISHED") && bar.contains("08:00:00Z"))
    #expect(!bar.contains("win"), "the window goes before the clock: \(bar)")
    #expect(DisplayWidth.width(of: bar) == 40)
  }

  /// After `w` the window field stands out; it is not repeated in a notice.
  @Test func windowChangeIsHighlightedNotRepeated() throws {
    var model = Fixtures.model()
    _ = model.update(.key(.character("w")))
    _ = model.update(PanelsFitTests.data(model, window: 900_000_000))
    let buffer = DashboardView.render(model)
    let bar = buffer.row(0)
    #expect(bar.components(separatedBy: "15m").count == 2, "\(bar)")
    let x = try #require(bar.range(of: "window 15m").map { bar.distance(from: bar.startIndex, to: $0.lowerBound) })
    #expect(buffer[x, 0].style == model.theme.status.with(foreground: model.theme.accent).adding(.bold))
    for _ in 0..<20 { _ = model.update(PanelsFitTests.data(model, window: 900_000_000)) }
    let after = DashboardView.render(model)
    #expect(after[x, 0].style == model.theme.status, "the highlight fades")
  }
}

/// The stacked layout at the usual sizes: every panel keeps what makes it useful.
@Suite struct PanelsFitTests {
  /// Top pages keep their bars on an 80- or 90-column screen, and names of ordinary length whole.
  @Test(arguments: [(80, 24), (90, 30), (100, 30), (160, 48)])
  func topPagesHaveBarsAndWholeNames(width: Int, height: Int) throws {
    let pages = [("/", 530), ("/products/jackets", 105), ("/checkout", 79), ("/p", 7)]
    let model = Fixtures.model(width: width, height: height, frame: Fixtures.frame(Fixtures.snapshot(pages: pages)))
    let frame = try #require(DashboardView.layout(width: width, height: height))
    let buffer = DashboardView.render(model)
    let rows = (frame.pages.y..<frame.pages.maxY).map { y in
      (frame.pages.x..<frame.pages.maxX).map { String(buffer[$0, y].text) }.joined()
    }
    for (page, _) in pages.prefix(3) {
      let row = try #require(rows.first { $0.contains(" \(page) ") }, "\(page) whole at \(width)×\(height)")
      #expect(row.contains("█"), "a bar: \(row)")
    }
  }

  /// A traffic panel too short for axes fills its rows with columns, not one row and a blank.
  @Test func aShortTrafficChartUsesEveryRow() {
    var buffer = Buffer(width: 40, height: 4)
    TrafficPanel.draw(Fixtures.model(), into: &buffer, area: buffer.area)
    let blocks = Set("▁▂▃▄▅▆▇█")
    #expect(
      buffer.lines[1].contains { blocks.contains($0) } && buffer.lines[2].contains { blocks.contains($0) }, "\(buffer)")
  }

  /// The sessions' count line is whole phrases, never cut mid-word.
  @Test(arguments: [30, 36, 40, 50, 60])
  func sessionCountsAreWholePhrases(width: Int) {
    var buffer = Buffer(width: width, height: 11)
    SessionsPanel.draw(Fixtures.model(), into: &buffer, area: buffer.area)
    let line = buffer.lines[1].dropFirst(2).dropLast().trimmingCharacters(in: .whitespaces)
    let forms = [
      "active 321 · completed 45 (mean 3m00s)", "active 321 · completed 45", "active 321 · ended 45", "active 321",
    ]
    #expect(forms.contains(line), "\(width): \(line)")
  }

  static func data(_ model: DashboardModel, window: Micros) -> DashboardMessage {
    var frame = model.data.engine
    frame.window = window
    frame.snapshot?.window = window
    return .data(DashboardData(engine: frame, source: model.data.source, window: window))
  }

  static let sizes = [(80, 24), (90, 30), (100, 30), (110, 35), (119, 40), (120, 36), (160, 48)]

  /// The sessions panel shows all seven buckets, each with its count.
  @Test(arguments: sizes)
  func everyHistogramBucketIsShown(width: Int, height: Int) throws {
    let model = Fixtures.model(width: width, height: height)
    let frame = try #require(DashboardView.layout(width: width, height: height))
    let buffer = DashboardView.render(model)
    let panel = (frame.sessions.y..<frame.sessions.maxY).map { y in
      (frame.sessions.x..<frame.sessions.maxX).map { String(buffer[$0, y].text) }.joined()
    }.joined(separator: "\n")
    let buckets = try #require(model.snapshot?.sessions.lengthBuckets)
    for (label, count) in zip(Snapshot.lengthBucketLabels, buckets) {
      let pattern = "\(label.replacingOccurrences(of: "+", with: "\\+")) [ ▏▎▍▌▋▊▉█]*\(count)(?![0-9])"
      #expect(
        panel.range(of: pattern, options: .regularExpression) != nil,
        "\(label) \(count) at \(width)×\(height)\n\(panel)")
    }
  }

  /// The quantile line drops whole tokens, never cuts one.
  @Test(arguments: sizes + [(60, 20), (40, 12)])
  func quantilesAreWholeTokens(width: Int, height: Int) throws {
    let model = Fixtures.model(width: width, height: height)
    let sessions = try #require(model.snapshot?.sessions)
    let full = [sessions.p50, sessions.p90, sessions.p99, sessions.max, sessions.mean].map {
      Format.duration(micros: $0)
    }
    let line = try #require(DashboardView.render(model).lines.first { $0.contains("p50 ") })
    let inside = line.split(separator: "│").first { $0.contains("p50") } ?? ""
    let tokens = inside.split(separator: " ").map(String.init)
    let labels = ["p50", "p90", "p99", "max", "mean"]
    #expect(tokens.count % 2 == 0 && tokens.count >= 2, "\(line)")
    for i in stride(from: 0, to: tokens.count, by: 2) {
      #expect(tokens[i] == labels[i / 2] && tokens[i + 1] == full[i / 2], "\(line)")
    }
    if width >= 80 { #expect(tokens.count >= 8, "p50 to max from 80 columns: \(line)") }
  }

  /// The active-users number is large wherever there are layouts from 80×24 up.
  @Test(arguments: sizes)
  func activeUsersIsLarge(width: Int, height: Int) {
    let text = DashboardView.render(Fixtures.model(width: width, height: height)).description
    #expect(text.contains("▀█      ▀▀█ ▀▀█ █ █"), "\(width)×\(height)")
  }

  /// The key hints keep `? help` and `q quit`; at 80 columns they lose at most one hint.
  @Test(arguments: sizes + [(60, 20), (40, 12)])
  func keyHintsKeepHelp(width: Int, height: Int) {
    let hints = DashboardView.render(Fixtures.model(width: width, height: height)).row(height - 1)
    #expect(hints.contains("? help") && hints.contains("q quit"), "\(hints)")
    if width >= 80 {
      #expect(KeyHints.shown(width: width, replay: false).hints.count >= KeyHints.hints.count - 1)
      #expect(KeyHints.shown(width: width, replay: true).hints.contains { $0.0 == "+/-" })
    }
  }

  /// Long action names and large counts are shown whole when the panel has room for them.
  @Test(arguments: [(80, 24), (100, 30), (120, 36), (160, 48)])
  func trafficLegendShowsNamesAndCountsWhole(width: Int, height: Int) {
    var snapshot = Fixtures.snapshot()
    snapshot.actions = [
      ActionCount(action: "page_view", count: 1_551_234), ActionCount(action: "search", count: 54_321),
      ActionCount(action: "add_to_cart", count: 40_000), ActionCount(action: "purchase", count: 2_000),
      ActionCount(action: "remove_from_cart", count: 123),
    ]
    let text = DashboardView.render(Fixtures.model(width: width, height: height, frame: Fixtures.frame(snapshot)))
      .description
    let total = snapshot.actions.reduce(0) { $0 + $1.count }
    let share = Format.fixed(1_551_234 * 100 / Double(total), 1)
    let withShare = text.range(of: "page_view +1,551,234 +\(share)%", options: .regularExpression) != nil
    let withoutShare = text.range(of: "page_view +1,551,234 ", options: .regularExpression) != nil
    #expect(withShare || withoutShare, "\(text)")
    #expect(!text.contains("_…") && !text.contains(",…"), "\(text)")
    // Every action is listed with its count, or the legend says how many it leaves out.
    let missing = snapshot.actions.filter { action in
      text.range(of: "\(action.action) +\(Format.grouped(action.count))", options: .regularExpression) == nil
    }
    #expect(missing.isEmpty || text.contains("+\(missing.count) more"), "\(missing) \(text)")
    if width >= 80 { #expect(missing.isEmpty, "room for all five at \(width)×\(height)") }
  }

  /// A legend with room for fewer actions than there are says how many it leaves out.
  @Test func aShortLegendSaysHowManyAreNotListed() {
    var snapshot = Fixtures.snapshot()
    snapshot.actions = ["page_view", "search", "add_to_cart", "purchase", "remove_from_cart"].enumerated().map {
      ActionCount(action: $0.element, count: 1000 - $0.offset)
    }
    var buffer = Buffer(width: 40, height: 7)
    TrafficPanel.draw(Fixtures.model(frame: Fixtures.frame(snapshot)), into: &buffer, area: buffer.area)
    let legend = buffer.lines[4...5].joined(separator: "\n")
    #expect(legend.contains("page_view") && legend.contains("1,000"), "\(buffer)")
    #expect(legend.contains("+4 more"), "\(buffer)")
  }

  @Test func legendColumnsAreSizedFromTheirContent() {
    let actions = [
      ActionCount(action: "page_view", count: 3_921), ActionCount(action: "search", count: 130),
      ActionCount(action: "add_to_cart", count: 84), ActionCount(action: "purchase", count: 4),
      ActionCount(action: "remove_from_cart", count: 1),
    ]
    let legend = TrafficPanel.Legend(actions: actions, width: 57)
    #expect(legend.columns == 2)
    #expect(legend.nameWidths == [16, 8])
    let narrow = TrafficPanel.Legend(actions: actions, width: 20)
    #expect(narrow.columns == 1 && !narrow.showsShare)
  }

  @Test func onePurchaseIsSingular() {
    var snapshot = Fixtures.snapshot()
    snapshot.purchases = Snapshot.Purchases(count: 1, revenueMicros: 96_300_000)
    let text = DashboardView.render(Fixtures.model(frame: Fixtures.frame(snapshot))).description
    #expect(text.contains("1 purchase · 96.30 in 5m"))
  }

  @Test func trafficTitleRatesReadAlike() {
    var frame = Fixtures.frame()
    frame.timeline = (0..<10).map { _ in
      var counts = ActionCounts()
      counts.add(0, 103_000)
      return counts
    }
    frame.snapshot?.events.inWindow = 5_576 * 300
    let text = DashboardView.render(Fixtures.model(frame: frame)).description
    #expect(text.contains("103k/s now · 5.58k/s over 5m"))
    #expect(text.contains("103k ev/s"))
  }

  /// The help overlay wraps descriptions when there are rows for it, and always lists every key.
  @Test(arguments: [(50, 14), (60, 20), (40, 12), (80, 24)])
  func helpWrapsAndListsEveryKey(width: Int, height: Int) {
    var model = Fixtures.model(width: width, height: height)
    _ = model.update(.key(.character("?")))
    let buffer = DashboardView.render(model)
    let text = buffer.description
    for (key, _) in HelpOverlay.lines { #expect(text.contains(" " + key + " "), "\(key)\n\(buffer)") }
    if height >= 20 {
      for (_, description) in HelpOverlay.lines {
        for word in description.split(separator: " ") { #expect(text.contains(word), "\(word)\n\(buffer)") }
      }
      #expect(!text.contains("…"), "\(buffer)")
    }
  }

  @Test func wrapBreaksAtSpaces() {
    #expect(
      HelpOverlay.wrap("pause and resume (panels freeze)", width: 12) == ["pause and", "resume", "(panels", "freeze)"])
    #expect(HelpOverlay.wrap("abcdefghij", width: 4) == ["abc…"])
  }
}
