import TestSupport
import Testing

@testable import Analytics

@Suite struct WindowAggregatorTests {
  static let t0: Int64 = 1_795_766_400_000_000
  static let second: Int64 = 1_000_000

  private func configuration(
    window: Int64 = 60 * second, gap: Int64 = 120 * second, burst: Int = 5
  )
    -> EngineConfiguration
  {
    var configuration = EngineConfiguration()
    configuration.window = window
    configuration.sessionGap = gap
    configuration.burstThreshold = burst
    return configuration
  }

  /// Checks every snapshot field against the reference model.
  private func expectMatches(
    _ snapshot: Snapshot, _ events: [ReferenceEvent], window: Int64, gap: Int64, top: Int = 10,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let expected = ReferenceModel.snapshot(events, at: snapshot.time, window: window, gap: gap, top: top)
    #expect(snapshot.events.total == expected.total, sourceLocation: sourceLocation)
    #expect(snapshot.events.inWindow == expected.inWindow, sourceLocation: sourceLocation)
    #expect(snapshot.activeUsers == expected.activeUsers, sourceLocation: sourceLocation)
    #expect(snapshot.topPages.map(\.page) == expected.topPages.map(\.page), sourceLocation: sourceLocation)
    #expect(snapshot.topPages.map(\.views) == expected.topPages.map(\.views), sourceLocation: sourceLocation)
    #expect(snapshot.purchases.count == expected.purchases, sourceLocation: sourceLocation)
    #expect(snapshot.purchases.revenueMicros == Int128(expected.revenueMicros), sourceLocation: sourceLocation)
    let actions = Dictionary(uniqueKeysWithValues: snapshot.actions.map { ($0.action, $0.count) })
    #expect(actions == expected.actions, sourceLocation: sourceLocation)
    #expect(snapshot.sessions.active == expected.sessionsActive, sourceLocation: sourceLocation)
    #expect(snapshot.sessions.max == expected.maxLength, sourceLocation: sourceLocation)
    #expect(snapshot.sessions.mean == ReferenceSnapshot.mean(expected.activeLengths), sourceLocation: sourceLocation)
    for (q, value) in [(0.5, snapshot.sessions.p50), (0.9, snapshot.sessions.p90), (0.99, snapshot.sessions.p99)] {
      let exact = expected.quantile(q)
      let tolerance = max(Double(exact) * 0.02, 1_000_000)
      #expect(
        abs(Double(value - exact)) <= tolerance, "p\(Int(q * 100)) \(value) vs \(exact)", sourceLocation: sourceLocation
      )
    }
    #expect(snapshot.sessions.completed == expected.sessionsCompleted, sourceLocation: sourceLocation)
    #expect(
      snapshot.sessions.completedMean == ReferenceSnapshot.mean(expected.completedLengths),
      sourceLocation: sourceLocation)
  }

  @Test func windowEdgesAreExact() {
    let w = 60 * Self.second
    let t = Self.t0 + 1_234_567
    var aggregator = WindowAggregator(configuration: configuration(window: w))
    let events = [
      ReferenceEvent(time: t - w - 1, user: "a", session: nil, action: "page_view", page: "/a"),
      ReferenceEvent(time: t - w, user: "b", session: nil, action: "page_view", page: "/b"),
      ReferenceEvent(time: t - w + 1, user: "c", session: nil, action: "page_view", page: "/c"),
      ReferenceEvent(time: t, user: "d", session: nil, action: "page_view", page: "/d"),
    ]
    _ = aggregator.ingest(Lines.batch(events))
    let snapshot = aggregator.snapshot(at: t, top: 10)
    #expect(snapshot.events.inWindow == 2)
    #expect(snapshot.activeUsers == 2)
    #expect(snapshot.topPages.map(\.page) == ["/c", "/d"])
    expectMatches(snapshot, events, window: w, gap: 120 * Self.second)
  }

  @Test func sessionSplitsOnlyBeyondTheGap() {
    let g = 120 * Self.second
    var aggregator = WindowAggregator(configuration: configuration(window: 600 * Self.second, gap: g))
    let t = Self.t0
    let events = [
      ReferenceEvent(time: t, user: "u", session: "exact", action: "x"),
      ReferenceEvent(time: t + g, user: "u", session: "exact", action: "x"),
      ReferenceEvent(time: t, user: "v", session: "over", action: "x"),
      ReferenceEvent(time: t + g + 1, user: "v", session: "over", action: "x"),
    ].sorted { $0.time < $1.time }
    _ = aggregator.ingest(Lines.batch(events))
    let snapshot = aggregator.snapshot(at: t + g + 1, top: 10)
    #expect(snapshot.sessions.active == 3)
    #expect(snapshot.sessions.max == g)
    expectMatches(snapshot, events, window: 600 * Self.second, gap: g)
  }

  @Test func completedSessionsEndAtLastEventPlusGap() {
    let g = 30 * Self.second
    let w = 60 * Self.second
    var aggregator = WindowAggregator(configuration: configuration(window: w, gap: g))
    let t = Self.t0
    let events = [
      ReferenceEvent(time: t, user: "a", session: "s1", action: "x"),
      ReferenceEvent(time: t + 10 * Self.second, user: "a", session: "s1", action: "x"),
      ReferenceEvent(time: t + 5 * Self.second, user: "b", session: "s2", action: "x"),
    ].sorted { $0.time < $1.time }
    _ = aggregator.ingest(Lines.batch(events))
    // s1 ends at t+40s, s2 at t+35s.
    for (offset, completed) in [(34, 0), (35, 1), (39, 1), (40, 2), (95, 1), (100, 0)] as [(Int64, Int)] {
      let snapshot = aggregator.snapshot(at: t + offset * Self.second, top: 10)
      #expect(snapshot.sessions.completed == completed, "at +\(offset)s")
      expectMatches(snapshot, events, window: w, gap: g)
    }
  }

  @Test func raisesBothAlertKinds() {
    var aggregator = WindowAggregator(configuration: configuration(burst: 3))
    let t = Self.t0
    var events: [ReferenceEvent] = (0..<6).map {
      ReferenceEvent(time: t + Int64($0), user: "bot", session: "s-bot", action: "page_view", page: "/")
    }
    events.append(
      ReferenceEvent(
        time: t + 10, user: "buyer", session: nil, action: "purchase", amountMicros: 12_340_000, orderID: "o-1"))
    let outputs = aggregator.ingest(Lines.batch(events))
    let alerts = outputs.compactMap { output -> Alert? in
      if case .alert(let alert) = output { return alert }
      return nil
    }
    #expect(
      alerts == [
        Alert(kind: .highActivity, time: t + 3, userID: "bot", sessionID: "s-bot", count: 4),
        Alert(kind: .purchase, time: t + 10, userID: "buyer", sessionID: nil, amountMicros: 12_340_000, orderID: "o-1"),
      ])
    let reference = ReferenceModel.alerts(events, gap: 120 * Self.second, burst: 3)
    #expect(reference.map(\.kind) == alerts.map(\.kind.rawValue))
    #expect(reference.map(\.time) == alerts.map(\.time))
  }

  /// Random streams, random batch cuts, random snapshot times: every field matches brute force.
  @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
  func matchesTheReferenceModel(seed: UInt64) {
    var random = RandomEvents(seed: seed)
    let w = Int64(random.below(120) + 1) * Self.second + Int64(random.below(1_000_000))
    let g = Int64(random.below(200) + 1) * Self.second
    let events = random.stream(
      count: 3000, start: Self.t0 + Int64(random.below(1_000_000)), maxGap: 2 * Self.second,
      longGap: 400 * Self.second, users: 40, pages: 30)
    var config = configuration(window: w, gap: g)
    config.topPages = 5
    // Long gaps here are real: no event waits for confirmation (the skew rule has its own tests).
    config.maxSkew = 1000 * Self.second
    var aggregator = WindowAggregator(configuration: config)
    var read = 0
    while read < events.count {
      let n = min(events.count - read, random.below(300) + 1)
      let slice = Array(events[read..<read + n])
      _ = aggregator.ingest(Lines.batch(slice))
      read += n
      // Snapshot somewhere between the last event read and shortly after.
      let last = events[read - 1].time
      let next = read < events.count ? events[read].time : last + 3 * w
      let at = random.below(3) == 0 ? last : last + Int64(random.below(Int(max(1, next - last))))
      let snapshot = aggregator.snapshot(at: at, top: 5)
      expectMatches(snapshot, Array(events[..<read]), window: w, gap: g, top: 5)
    }
    let final = aggregator.finish()!
    #expect(final.isFinal)
    expectMatches(final, events, window: w, gap: g, top: 5)
  }

  @Test func scheduledSnapshotsFallOnBoundariesBeforeTheEventThatCrossesThem() {
    let interval = 10 * Self.second
    var config = configuration(window: 30 * Self.second)
    config.snapshotInterval = interval
    var aggregator = WindowAggregator(configuration: config)
    var random = RandomEvents(seed: 99)
    let events = random.stream(
      count: 500, start: Self.t0 + 3_500_000, maxGap: 3 * Self.second, longGap: 60 * Self.second,
      users: 20, pages: 10)
    var outputs: [EngineOutput] = []
    for chunk in stride(from: 0, to: events.count, by: 37) {
      outputs += aggregator.ingest(Lines.batch(Array(events[chunk..<min(chunk + 37, events.count)])))
    }
    let snapshots = outputs.snapshots
    let expectedTimes = ReferenceModel.boundaries(
      first: events.first!.time, last: events.last!.time, interval: interval)
    #expect(snapshots.map(\.time) == expectedTimes)
    for snapshot in snapshots {
      expectMatches(
        snapshot, events.filter { $0.time <= snapshot.time }, window: 30 * Self.second, gap: 120 * Self.second)
    }
    // Each snapshot precedes the alerts of events after its time and follows those before.
    var lastTime = Int64.min
    for output in outputs {
      switch output {
      case .snapshot(let s): lastTime = s.time
      case .alert(let a): #expect(a.time > lastTime)
      }
    }
  }

  /// The sparkline's history: one sample per whole second of event time, each the distinct users
  /// of the window ending there (brute force), whether the stream comes in one batch (a replay
  /// at full speed) or in small ones; only the last `historySeconds` are kept.
  @Test(arguments: [false, true])
  func userHistoryHasEverySecondOfEventTime(oneBatch: Bool) {
    let w = 30 * Self.second
    var random = RandomEvents(seed: 11)
    let events = random.stream(
      count: 6000, start: Self.t0 + 300_000, maxGap: 400_000, longGap: 20 * Self.second, users: 60, pages: 5)
    var aggregator = WindowAggregator(configuration: configuration(window: w))
    if oneBatch {
      _ = aggregator.ingest(Lines.batch(events))
    } else {
      var read = 0
      while read < events.count {
        let n = min(events.count - read, random.below(40) + 1)
        _ = aggregator.ingest(Lines.batch(Array(events[read..<read + n])))
        read += n
      }
    }
    let history = aggregator.userHistory(seconds: 10_000)
    let last = (events.last!.time - 1) / Self.second * Self.second
    let expectedTimes = Array(
      stride(from: last - Int64(WindowAggregator.historySeconds - 1) * Self.second, through: last, by: Int(Self.second))
    )
    #expect(history.map(\.time) == expectedTimes)
    for sample in history {
      let upTo = events.filter { $0.time <= sample.time }
      let expected = ReferenceModel.snapshot(upTo, at: sample.time, window: w, gap: 120 * Self.second, top: 1)
      #expect(sample.activeUsers == expected.activeUsers, "at \(sample.time)")
    }
    aggregator.setWindow(10 * Self.second)
    #expect(aggregator.userHistory(seconds: 10_000).map(\.time) == expectedTimes, "a new window keeps the history")
    aggregator.reset()
    #expect(aggregator.userHistory(seconds: 10_000).isEmpty)
  }

  @Test func lateEventsAreCountedNotAdded() {
    let w = 60 * Self.second
    var aggregator = WindowAggregator(configuration: configuration(window: w))
    let t = Self.t0
    let onTime = ReferenceEvent(time: t, user: "a", session: nil, action: "page_view", page: "/")
    let tooLate = ReferenceEvent(time: t - w, user: "b", session: nil, action: "page_view", page: "/old")
    let justInTime = ReferenceEvent(time: t - w + 1, user: "c", session: nil, action: "page_view", page: "/ok")
    _ = aggregator.ingest(Lines.batch([onTime, tooLate, justInTime]))
    let snapshot = aggregator.snapshot(at: t, top: 10)
    #expect(snapshot.events.late == 1)
    #expect(snapshot.events.total == 3, "read, though not added")
    #expect(snapshot.events.inWindow == 2)
    #expect(snapshot.topPages.map(\.page) == ["/", "/ok"])
  }

  @Test func outOfOrderEventsInsideTheWindowStillCount() {
    let w = 60 * Self.second
    var random = RandomEvents(seed: 7)
    var events = random.stream(
      count: 800, start: Self.t0, maxGap: Self.second, longGap: 5 * Self.second, users: 30, pages: 12)
    // Shuffle locally: swap neighbours within 20 positions (a few seconds), as partitions interleave.
    for i in stride(from: 0, to: events.count - 20, by: 3) { events.swapAt(i, i + random.below(20)) }
    var aggregator = WindowAggregator(configuration: configuration(window: w, gap: 3600 * Self.second))
    _ = aggregator.ingest(Lines.batch(events))
    let final = aggregator.finish()!
    // Everything later than (watermark − W) at its arrival was added; reproduce that rule.
    var watermark = Int64.min
    var accepted: [ReferenceEvent] = []
    for event in events {
      if watermark != .min && event.time <= watermark - w { continue }
      watermark = max(watermark, event.time)
      accepted.append(event)
    }
    let expected = ReferenceModel.snapshot(accepted, at: final.time, window: w, gap: 3600 * Self.second, top: 10)
    #expect(final.events.late == events.count - accepted.count)
    #expect(final.events.inWindow == expected.inWindow)
    #expect(final.activeUsers == expected.activeUsers)
    #expect(final.topPages.map(\.views) == expected.topPages.map(\.views))
    #expect(final.purchases.revenueMicros == Int128(expected.revenueMicros))
  }

  /// A 1-minute window retaining an hour, and a stream with pauses long enough to matter, for the
  /// tests that change the window afterwards.
  private func retainingAnHour(compacts: Bool) -> EngineConfiguration {
    var config = configuration(window: 60 * Self.second, gap: 90 * Self.second)
    config.retention = 3600 * Self.second
    config.compactsRetained = compacts
    return config
  }

  private static func retainedStream() -> [ReferenceEvent] {
    var random = RandomEvents(seed: 11)
    return random.stream(
      count: 4000, start: Self.t0, maxGap: 3 * Self.second, longGap: 200 * Self.second, users: 50, pages: 20)
  }

  @Test func changingTheWindowUsesRetainedData() {
    var aggregator = WindowAggregator(configuration: retainingAnHour(compacts: false))
    let events = Self.retainedStream()
    _ = aggregator.ingest(Lines.batch(events))
    let at = events.last!.time + 1234
    for window in [60, 900, 300, 3600, 1, 60].map({ Int64($0) * Self.second }) {
      aggregator.setWindow(window)
      let snapshot = aggregator.snapshot(at: at, top: 10)
      #expect(snapshot.window == window)
      expectMatches(snapshot, events, window: window, gap: 90 * Self.second)
    }
  }

  /// The additive figures of a snapshot whose window edge may lie in a compacted slot: they equal
  /// the reference at the exact edge or at the edge rounded to the nearest whole second (see
  /// `WindowStore`); users and sessions stay exact.
  private func expectMatchesToTheSecond(
    _ snapshot: Snapshot, _ events: [ReferenceEvent], window: Int64, gap: Int64,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let edge = snapshot.time - window
    let slotStart = Timestamp.floorDiv(edge, Self.second) * Self.second
    let rounded = edge - slotStart < Self.second / 2 ? slotStart : slotStart + Self.second
    let candidates = [window, snapshot.time - rounded].map {
      ReferenceModel.snapshot(events, at: snapshot.time, window: $0, gap: gap, top: 10)
    }
    let actions = Dictionary(uniqueKeysWithValues: snapshot.actions.map { ($0.action, $0.count) })
    let matching = candidates.first { expected in
      snapshot.events.inWindow == expected.inWindow && actions == expected.actions
        && snapshot.topPages.map(\.views) == expected.topPages.map(\.views)
        && snapshot.purchases.count == expected.purchases
        && snapshot.purchases.revenueMicros == Int128(expected.revenueMicros)
    }
    #expect(
      matching != nil, "in window \(snapshot.events.inWindow), reference \(candidates.map(\.inWindow))",
      sourceLocation: sourceLocation)
    let exact = candidates[0]
    #expect(snapshot.activeUsers == exact.activeUsers, sourceLocation: sourceLocation)
    #expect(snapshot.sessions.active == exact.sessionsActive, sourceLocation: sourceLocation)
    #expect(snapshot.sessions.max == exact.maxLength, sourceLocation: sourceLocation)
  }

  @Test func compactedRetentionIsExactToHalfASecond() {
    var aggregator = WindowAggregator(configuration: retainingAnHour(compacts: true))
    let events = Self.retainedStream()
    _ = aggregator.ingest(Lines.batch(events))
    var at = events.last!.time + 1234
    for window in [60, 900, 300, 3600, 1, 60, 3600].map({ Int64($0) * Self.second }) {
      aggregator.setWindow(window)
      for _ in 0..<5 {
        let snapshot = aggregator.snapshot(at: at, top: 10)
        expectMatchesToTheSecond(snapshot, events, window: window, gap: 90 * Self.second)
        at += 7 * Self.second + 345_678
      }
    }
    // Only the window's records are held; older seconds keep page views alone.
    let inWindow = events.filter { $0.time > at - 3600 * Self.second }.count
    #expect(aggregator.snapshot(at: at, top: 10).limits.windowRecords <= inWindow)
  }

  /// Sorted, and out of order by up to a few seconds (events then land in compacted seconds).
  @Test(arguments: [false, true])
  func theRecordLimitCompactsTheOldestSeconds(shuffled: Bool) {
    var config = configuration(window: 300 * Self.second, gap: 90 * Self.second)
    // Shuffled, a limit of a few seconds of events, so that late arrivals find their second compacted.
    config.recordLimit = shuffled ? 12 : 300
    var aggregator = WindowAggregator(configuration: config)
    var random = RandomEvents(seed: 12)
    var events = random.stream(
      count: 3000, start: Self.t0, maxGap: Self.second / 4, longGap: 10 * Self.second, users: 80, pages: 15)
    if shuffled {
      for i in stride(from: 0, to: events.count - 40, by: 2) { events.swapAt(i, i + random.below(40)) }
    }
    var ingested: [ReferenceEvent] = []
    for chunk in stride(from: 0, to: events.count, by: 250) {
      let part = Array(events[chunk..<min(chunk + 250, events.count)])
      _ = aggregator.ingest(Lines.batch(part))
      ingested += part
      let snapshot = aggregator.snapshot(at: part.last!.time + 250_000, top: 10)
      #expect(snapshot.limits.windowRecords <= config.recordLimit)
      expectMatchesToTheSecond(snapshot, ingested, window: 300 * Self.second, gap: 90 * Self.second)
    }
    #expect(aggregator.snapshot(at: events.last!.time, top: 10).limits.secondsCompacted > 0)
  }

  @Test func samplingKeepsActiveUsersWithinTwoPercent() {
    var config = configuration(window: 3600 * Self.second)
    config.userCapacity = 4096
    config.sessionCapacity = 4096
    var aggregator = WindowAggregator(configuration: config)
    let users = 60_000
    var lines: [String] = []
    for i in 0..<users * 2 {
      lines.append(
        Lines.event(user: "user-\(i % users)", action: "x", time: Self.t0 + Int64(i) * 1000, session: "s\(i)"))
    }
    _ = aggregator.ingest(Lines.batch(lines.joined(separator: "\n")))
    let snapshot = aggregator.finish()!
    #expect(snapshot.limits.userSamplingLevel > 0)
    #expect(snapshot.limits.trackedUsers <= 4096)
    let error = abs(Double(snapshot.activeUsers - users)) / Double(users)
    #expect(error < 0.02, "estimate \(snapshot.activeUsers) for \(users)")
    let sessionError = abs(Double(snapshot.sessions.active - users * 2)) / Double(users * 2)
    #expect(sessionError < 0.02, "sessions \(snapshot.sessions.active)")
  }

  /// Users and sessions beyond the caps cost no memory: 4× and 16× the cap of distinct users and
  /// sessions in the window need the same, and no more than the cap's worth of entries.
  @Test func userAndSessionMemoryStopsAtTheCaps() {
    let cap = 4096
    func memory(distinct: Int) -> (users: Int, sessions: Int) {
      var config = configuration(window: 3600 * Self.second)
      config.userCapacity = cap
      config.sessionCapacity = cap
      var aggregator = WindowAggregator(configuration: config)
      let lines = (0..<distinct).map { i in
        Lines.event(user: "user-\(i)", action: "x", time: Self.t0 + Int64(i) * 1000, session: "s\(i)")
      }
      _ = aggregator.ingest(Lines.batch(lines.joined(separator: "\n")))
      let parts = aggregator.memoryParts
      return (parts.users, parts.sessions)
    }
    let four = memory(distinct: 4 * cap)
    let sixteen = memory(distinct: 16 * cap)
    #expect(Double(sixteen.users) <= Double(four.users) * 1.1, "\(four) → \(sixteen)")
    #expect(Double(sixteen.sessions) <= Double(four.sessions) * 1.1, "\(four) → \(sixteen)")
    // Index (two 16-byte slots per entry), the entry, two heap entries of 12 bytes, histogram
    // links of 10 bytes: well under 160 bytes per tracked key, plus the histogram's bins.
    #expect(sixteen.users <= cap * 160)
    #expect(sixteen.sessions <= cap * 160 + 128 * 1024)
  }

  @Test func pageEvictionKeepsMemoryBoundedAndCountsLowByLittle() {
    var config = configuration(window: 3600 * Self.second)
    config.pageCapacity = 64
    var aggregator = WindowAggregator(configuration: config)
    var random = RandomEvents(seed: 5)
    var events: [ReferenceEvent] = []
    for i in 0..<20_000 {
      // A few popular pages and a long tail of pages seen once.
      let page = random.below(4) == 0 ? "/hot\(random.below(5))" : "/tail\(i)"
      events.append(
        ReferenceEvent(time: Self.t0 + Int64(i) * 10_000, user: "u", session: nil, action: "page_view", page: page))
    }
    _ = aggregator.ingest(Lines.batch(events))
    let snapshot = aggregator.finish(top: 5)!
    #expect(snapshot.limits.trackedPages <= 64)
    #expect(snapshot.limits.pagesEvicted > 0)
    let exact = ReferenceModel.snapshot(events, at: snapshot.time, window: 3600 * Self.second, gap: 1, top: 5)
    #expect(snapshot.topPages.map(\.page) == exact.topPages.map(\.page))
    for (got, want) in zip(snapshot.topPages, exact.topPages) {
      #expect(got.views <= want.views)
      #expect(want.views - got.views <= 2, "\(got.page): \(got.views) vs \(want.views)")
    }
  }

  @Test func resetForgetsEverything() {
    var aggregator = WindowAggregator(configuration: configuration())
    _ = aggregator.ingest(
      Lines.batch([ReferenceEvent(time: Self.t0, user: "a", session: nil, action: "page_view", page: "/")]))
    aggregator.reset()
    #expect(aggregator.finish() == nil)
    let events = [ReferenceEvent(time: Self.t0 + 5, user: "b", session: nil, action: "page_view", page: "/b")]
    _ = aggregator.ingest(Lines.batch(events))
    expectMatches(aggregator.finish()!, events, window: 60 * Self.second, gap: 120 * Self.second)
  }
}
