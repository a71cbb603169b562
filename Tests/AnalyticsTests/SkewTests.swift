import TestSupport
import Testing

@testable import Analytics

/// The skew rule of `WindowAggregator`: a lone far-future event neither freezes nor empties the
/// windows, old events do not rewind them, and a stream that really jumps still moves.
@Suite struct SkewTests {
  static let t0: Int64 = 1_795_766_400_000_000
  static let second: Int64 = 1_000_000
  static let window: Int64 = 120 * second
  static let gap: Int64 = 300 * second
  /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
  static let yearOne: Int64 = -62_135_596_800 * second
  static let year9999: Int64 = 253_402_300_799 * second

  /// The tests' engine settings; with `interval`, snapshots scheduled at its boundaries.
  private func configuration(snapshotsEvery interval: Int64? = nil) -> EngineConfiguration {
    var configuration = EngineConfiguration()
    configuration.snapshotInterval = interval
    configuration.window = Self.window
    configuration.sessionGap = Self.gap
    configuration.burstThreshold = 50
    return configuration
  }

  private func expectMatches(
    _ snapshot: Snapshot, _ events: [ReferenceEvent], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let expected = ReferenceModel.snapshot(
      events, at: snapshot.time, window: Self.window, gap: Self.gap, top: 10)
    // Late and future events are read (in `total`) but not added.
    let added = snapshot.events.total - snapshot.events.late - snapshot.events.future
    #expect(added == expected.total, sourceLocation: sourceLocation)
    #expect(snapshot.events.inWindow == expected.inWindow, sourceLocation: sourceLocation)
    #expect(snapshot.activeUsers == expected.activeUsers, sourceLocation: sourceLocation)
    #expect(snapshot.topPages.map(\.views) == expected.topPages.map(\.views), sourceLocation: sourceLocation)
    #expect(snapshot.purchases.count == expected.purchases, sourceLocation: sourceLocation)
    #expect(snapshot.purchases.revenueMicros == Int128(expected.revenueMicros), sourceLocation: sourceLocation)
    #expect(snapshot.sessions.active == expected.sessionsActive, sourceLocation: sourceLocation)
    #expect(snapshot.sessions.max == expected.maxLength, sourceLocation: sourceLocation)
    #expect(snapshot.sessions.completed == expected.sessionsCompleted, sourceLocation: sourceLocation)
  }

  /// A clean stream (no gap reaches the skew limit) with lone bogus events mixed in: far in the
  /// future (minutes to year 9999) and far in the past (a window to year 1). Every snapshot equals
  /// brute force over the clean events; the bogus ones are counted as future and late.
  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func loneBogusTimesChangeNothing(seed: UInt64) {
    var random = RandomEvents(seed: seed)
    let clean = random.stream(
      count: 2500, start: Self.t0, maxGap: 2 * Self.second, longGap: 30 * Self.second, users: 40, pages: 15)
    var mixed: [ReferenceEvent] = []
    var futureCount = 0
    var pastCount = 0
    var lastWasBogus = true  // no bogus event first (nothing could tell it from the stream's start)
    for (i, event) in clean.enumerated() {
      if !lastWasBogus && i > 0 && random.below(25) == 0 {
        var bogus = event
        bogus.user = "bogus\(random.below(1000))"
        bogus.session = "bogus"
        if random.below(2) == 0 {
          let seconds: [Int64] = [120, 3600, 31_536_000, 157_680_000_000]
          let ahead = seconds.map { $0 * Self.second }
          bogus.time = min(Self.year9999, event.time + ahead[random.below(ahead.count)] + Int64(random.below(1000)))
          futureCount += 1
        } else {
          let behind: [Int64] = [Self.window + 1, 3600 * Self.second, 31_536_000 * Self.second]
          bogus.time = random.below(5) == 0 ? Self.yearOne : clean[i - 1].time - behind[random.below(behind.count)]
          pastCount += 1
        }
        mixed.append(bogus)
        lastWasBogus = true
      } else {
        lastWasBogus = false
      }
      mixed.append(event)
    }
    // One at the very end, where no next event can confirm it: a year ahead is beyond the reach
    // of a quiet spell.
    var last = clean.last!
    last.time += 365 * 86_400 * Self.second
    mixed.append(last)
    futureCount += 1

    var aggregator = WindowAggregator(configuration: configuration())
    var read = 0
    var cleanRead = 0
    while read < mixed.count {
      let n = min(mixed.count - read, random.below(200) + 2)
      let slice = mixed[read..<read + n]
      _ = aggregator.ingest(Lines.batch(Array(slice)))
      read += n
      cleanRead += slice.filter { !$0.user.hasPrefix("bogus") && $0.time <= clean.last!.time }.count
      // Snapshot at the stream's time: exactly the clean events read so far.
      guard let now = aggregator.now else { continue }
      let snapshot = aggregator.snapshot(at: now + Int64(random.below(Int(Self.second))), top: 10)
      expectMatches(snapshot, Array(clean[..<cleanRead]))
      #expect(snapshot.time < clean[cleanRead - 1].time + Self.second, "the clock never jumps with a bogus event")
    }
    let final = aggregator.finish()!
    expectMatches(final, clean)
    #expect(final.events.future == futureCount)
    #expect(final.events.late == pastCount)
    #expect(final.time < clean.last!.time + Self.second)
  }

  @Test func aBogusFirstEventIsSetAsideToo() {
    var random = RandomEvents(seed: 9)
    let clean = random.stream(
      count: 300, start: Self.t0, maxGap: 2 * Self.second, longGap: 10 * Self.second, users: 20, pages: 5)
    let bogus = ReferenceEvent(time: Self.year9999, user: "bogus", session: nil, action: "page_view", page: "/x")
    var aggregator = WindowAggregator(configuration: configuration())
    _ = aggregator.ingest(Lines.batch([bogus] + clean))
    let final = aggregator.finish()!
    expectMatches(final, clean)
    #expect(final.events.future == 1)
  }

  /// A sparse stream whose every gap is longer than the skew limit is not guarded against: each
  /// jump is confirmed by the event after it, and the last one counts at the end.
  @Test func aStreamThatReallyJumpsStillMoves() {
    var events: [ReferenceEvent] = []
    var time = Self.t0
    for i in 0..<40 {
      time += Int64(90 + (i * 37) % 600) * Self.second
      for j in 0..<(i % 3) + 1 {
        events.append(
          ReferenceEvent(
            time: time + Int64(j) * 1000, user: "u\(i % 7)", session: nil, action: "page_view", page: "/p\(i % 4)"))
      }
    }
    var aggregator = WindowAggregator(configuration: configuration())
    for event in events {
      _ = aggregator.ingest(Lines.batch([event]))
    }
    let final = aggregator.finish()!
    #expect(final.events.future == 0)
    #expect(final.events.late == 0)
    #expect(final.time == events.last!.time)
    expectMatches(final, events)
  }

  /// In a live mode the clock confirms a waiting event once it comes within the skew limit.
  @Test func theLiveClockConfirmsAWaitingEvent() {
    var aggregator = WindowAggregator(configuration: configuration())
    let first = ReferenceEvent(time: Self.t0, user: "a", session: nil, action: "page_view", page: "/")
    let ahead = ReferenceEvent(
      time: Self.t0 + 200 * Self.second, user: "b", session: "s", action: "purchase", amountMicros: 5_000_000)
    #expect(aggregator.ingest(Lines.batch([first, first])).isEmpty)
    #expect(aggregator.ingest(Lines.batch([ahead])).isEmpty, "waits: more than a minute ahead")
    let early = aggregator.advance(to: ahead.time - 61 * Self.second)
    #expect(early.isEmpty)
    let released = aggregator.advance(to: ahead.time - 59 * Self.second)
    #expect(released.count == 1)
    if case .alert(let alert) = released.first {
      #expect(alert.kind == .purchase && alert.userID == "b")
    } else {
      Issue.record("expected the purchase alert, got \(released)")
    }
    let snapshot = aggregator.snapshot(at: ahead.time, top: 10)
    expectMatches(snapshot, [first, first, ahead])
  }

  /// The last event of an input, after a quiet spell of up to a day, is real: nothing comes
  /// after it that it could freeze or empty the windows for, so it counts (and its alert fires).
  /// A year ahead it is a bogus clock, and the final snapshot stays at the stream's time.
  @Test(arguments: [90, 900, 7_200, 86_400, 31_536_000] as [Int64])
  func aLastEventAfterAQuietSpell(seconds: Int64) {
    var random = RandomEvents(seed: 17)
    let clean = random.stream(
      count: 200, start: Self.t0, maxGap: 2 * Self.second, longGap: 10 * Self.second, users: 20, pages: 5)
    let buyer = ReferenceEvent(
      time: clean.last!.time + seconds * Self.second, user: "buyer", session: nil, action: "purchase",
      amountMicros: 99_000_000, orderID: "o-1")
    var aggregator = WindowAggregator(configuration: configuration())
    var outputs = aggregator.ingest(Lines.batch(clean + [buyer]))
    let final = aggregator.finish { outputs.append($0) }!
    let alerted = outputs.contains { output in
      if case .alert(let alert) = output { alert.userID == "buyer" } else { false }
    }
    #expect(final.events.total == clean.count + 1)
    if seconds <= 86_400 {
      #expect(final.events.future == 0)
      #expect(final.time == buyer.time)
      #expect(alerted)
      expectMatches(final, clean + [buyer])
    } else {
      #expect(final.events.future == 1)
      #expect(final.time == clean.last!.time)
      #expect(!alerted)
      expectMatches(final, clean)
    }
  }

  /// Scheduled snapshots across a real pause: every boundary while anything can change (until
  /// W + G after the last event, when the last session's end leaves the window), each equal to
  /// brute force, completed sessions included; a pause of a year then skips the identical quiet
  /// ones but the first and the last.
  @Test func aYearLongPauseEmitsEveryChangingSnapshot() {
    let interval = 10 * Self.second
    var aggregator = WindowAggregator(configuration: configuration(snapshotsEvery: interval))
    let year = 86_400 * 365 * Self.second
    var events: [ReferenceEvent] = []
    for i in 0..<20 {
      events.append(
        ReferenceEvent(time: Self.t0 + Int64(i) * Self.second, user: "u\(i % 3)", session: nil, action: "x"))
    }
    for i in 0..<20 {
      events.append(
        ReferenceEvent(time: Self.t0 + year + Int64(i) * Self.second, user: "v\(i % 3)", session: nil, action: "x"))
    }
    let snapshots = aggregator.ingest(Lines.batch(events)).snapshots
    let times = snapshots.map(\.time)
    for snapshot in snapshots { expectMatches(snapshot, events.filter { $0.time <= snapshot.time }) }
    // Up to the first quiet boundary, every one; then the last before the pause ends; then every one.
    let quietFrom = Self.t0 + 19 * Self.second + Self.window + Self.gap
    let firstQuiet = (quietFrom + interval - 1) / interval * interval
    let beforePause = Array(stride(from: Self.t0, through: firstQuiet, by: Int(interval)))
    let lastQuiet = Self.t0 + year - interval
    let afterPause = Array(stride(from: Self.t0 + year, to: Self.t0 + year + 19 * Self.second, by: Int(interval)))
    #expect(times == beforePause + [lastQuiet] + afterPause)
    #expect(snapshots.contains { $0.sessions.completed == 3 }, "the three sessions' ends are shown")
    let final = aggregator.finish()!
    #expect(final.events.future == 0)
    expectMatches(final, events)
  }

  /// A pause of two days at 10 s is within the bound: every one of its 17,280 boundaries is printed.
  @Test func aPauseOfDaysPrintsEveryBoundary() {
    let interval = 10 * Self.second
    var aggregator = WindowAggregator(configuration: configuration(snapshotsEvery: interval))
    let pause = 2 * 86_400 * Self.second
    let events = [
      ReferenceEvent(time: Self.t0, user: "a", session: nil, action: "x"),
      ReferenceEvent(time: Self.t0 + pause, user: "a", session: nil, action: "x"),
      ReferenceEvent(time: Self.t0 + pause + 1, user: "b", session: nil, action: "x"),
    ]
    let times = aggregator.ingest(Lines.batch(events)).snapshots.map(\.time)
    #expect(times == Array(stride(from: Self.t0, through: Self.t0 + pause, by: Int(interval))))
  }
}
