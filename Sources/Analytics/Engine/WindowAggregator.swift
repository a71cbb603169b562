/// The whole aggregation state, as a value: feed it batches, move its clock, read snapshots.
///
/// It is pure (no I/O, no clock of its own): time comes from the events and from `advance(to:)`,
/// so tests drive it directly and two runs over one input give identical results. The
/// `AggregationEngine` actor wraps it for the live modes.
///
/// Time: the *watermark* is the largest accepted timestamp; the *clock* is the latest time the
/// windows were moved to (a snapshot time, or the wall clock in live modes); now = max of both.
/// An event is *late* when its timestamp ≤ now − W: it cannot count in any future window, so it
/// is counted and dropped; old events never move time back.
///
/// Skew: an event more than `maxSkew` (S) after now does not move time by itself. It waits for
/// the next event, which decides: one at or after its time − S confirms it (the stream really
/// moved on: a gap in a recording, a sparse stream, a shifted producer clock), and then it
/// counts; one earlier than that shows it was alone, and it is counted as *future* and dropped.
/// A live clock reaching its time − S also confirms it. Before any event is accepted, the first
/// events wait the same way for one that confirms them (at most `maxWaiting`; then they count).
/// At the end of the input a waiting event counts if it is at most a day (or W or G, if longer)
/// after now or if the stream moves by such jumps anyway (one was confirmed before); else it is
/// future. Late and future events are dropped but still count in `events.total`.
public struct WindowAggregator: ~Copyable, Sendable {
  public private(set) var configuration: EngineConfiguration
  private var store: WindowStore
  private var users: ActiveUsers
  private var sessions: SessionTracker
  private var clock: Micros = .min
  public private(set) var watermark: Micros?
  public private(set) var firstTime: Micros?
  private var nextBoundary: Micros?
  private var totalValid = 0
  private var invalid = 0
  private var late = 0
  private var future = 0
  /// Events waiting for the next one to confirm their time (strings copied; see Skew above).
  private var waiting = EventBatch()
  /// A jump of more than S was confirmed before: the stream is sparse and moves by jumps.
  private var jumpsSeen = false
  static let maxWaiting = 4
  /// At most this many identical snapshots of a quiet gap are printed (see `accept`): about
  /// 11.5 days at `--every 10s`.
  static let maxQuietSnapshots: Int64 = 100_000
  /// Active users at each whole second of the stream's time (the window ending there), oldest
  /// first: the dashboard's sparkline, sampled by the engine so that it holds one value per
  /// second of event time however fast a replay runs. At most `historySeconds` are kept.
  private var userSamples: [UsersSample] = []
  /// The next whole second to sample (`.max` before the first event).
  private var nextSample: Micros = .max
  public static let historySeconds = 600
  private var purchasesSinceStart = 0
  private var revenueSinceStart: Int128 = 0

  public init(configuration: EngineConfiguration = EngineConfiguration()) {
    self.configuration = configuration
    store = WindowStore(
      pageCapacity: configuration.pageCapacity, recordLimit: configuration.recordLimit,
      compactsRetained: configuration.compactsRetained)
    users = ActiveUsers(capacity: configuration.userCapacity)
    sessions = SessionTracker(
      gap: configuration.sessionGap, burstThreshold: configuration.burstThreshold,
      capacity: configuration.sessionCapacity)
  }

  /// The time the windows have reached: max(clock, watermark).
  public var now: Micros? {
    guard let watermark else { return clock == .min ? nil : clock }
    return max(clock, watermark)
  }

  private var windowEdge: Micros { (now ?? .min / 2) - configuration.window }

  // MARK: - Ingesting

  /// Adds a batch. Alerts and scheduled snapshots go to `emit` in input order.
  public mutating func ingest(_ batch: EventBatch, emit: (EngineOutput) -> Void) {
    // Rejected lines count where they were read: before the event that followed them.
    var pendingInvalid = batch.invalidPositions.makeIterator()
    var nextInvalid = pendingInvalid.next()
    for (index, event) in batch.events.enumerated() {
      while let position = nextInvalid, position <= index {
        invalid += 1
        nextInvalid = pendingInvalid.next()
      }
      ingest(event, batch: batch, emit: emit)
    }
    while nextInvalid != nil {
      invalid += 1
      nextInvalid = pendingInvalid.next()
    }
    if let now { moveEdges(to: now) }
  }

  /// Adds a batch, collecting what it emits.
  public mutating func ingest(_ batch: EventBatch) -> [EngineOutput] {
    var outputs: [EngineOutput] = []
    ingest(batch) { outputs.append($0) }
    return outputs
  }

  @inline(__always)
  private mutating func ingest(
    _ event: DecodedEvent, batch: borrowing EventBatch, emit: (EngineOutput) -> Void
  ) {
    if !waiting.events.isEmpty { decideWaiting(next: event.time, emit: emit) }
    guard let reference = now, event.time <= reference &+ configuration.maxSkew else {
      wait(event, from: batch, emit: emit)
      return
    }
    accept(event, batch: batch, emit: emit)
  }

  /// Holds an event that is far ahead of now (or the first one) until the next event decides.
  private mutating func wait(_ event: DecodedEvent, from batch: borrowing EventBatch, emit: (EngineOutput) -> Void) {
    waiting.appendCopy(of: event, from: batch)
    if waiting.events.count > Self.maxWaiting {
      // Nothing confirms any of them: give up guarding and take them as they came.
      let held = waiting
      waiting = EventBatch()
      for event in held.events { accept(event, batch: held, emit: emit) }
    }
  }

  /// The next event (at `time`) confirms each waiting event when time ≥ its time − S; the others
  /// are future, unless no time is established yet (then they wait on).
  private mutating func decideWaiting(next time: Micros, emit: (EngineOutput) -> Void) {
    let held = waiting
    waiting = EventBatch()
    for event in held.events {
      if time >= event.time &- configuration.maxSkew {
        if let reference = now, event.time > reference &+ configuration.maxSkew { jumpsSeen = true }
        accept(event, batch: held, emit: emit)
      } else if now == nil {
        waiting.appendCopy(of: event, from: held)
      } else {
        countFuture()
      }
    }
  }

  /// No next event will come to decide about waiting ones. They count (a last event after a quiet
  /// spell is real, and nothing comes after it that it could freeze or empty the windows for)
  /// unless they are further ahead than `endOfInputReach` of a stream that does not move by such
  /// jumps anyway: a year-9999 or wrong-unit clock must not blank the final snapshot.
  public mutating func endOfInput(emit: (EngineOutput) -> Void = { _ in }) {
    let held = waiting
    waiting = EventBatch()
    for event in held.events {
      if let reference = now, event.time > reference &+ endOfInputReach, !jumpsSeen {
        countFuture()
      } else {
        accept(event, batch: held, emit: emit)
      }
    }
  }

  /// How far ahead of now a last, unconfirmed event may be and still count: a day (a quiet
  /// night), or the window or session gap when longer.
  private var endOfInputReach: Micros {
    max(Self.day, configuration.window, configuration.sessionGap)
  }
  static let day: Micros = 86_400_000_000

  /// A valid event dropped for its time still counts in `events.total` (valid events read).
  private mutating func countFuture() {
    future += 1
    totalValid += 1
  }

  /// Takes waiting events whose time the clock has come within S of (live modes).
  private mutating func releaseWaiting(emit: (EngineOutput) -> Void) {
    guard !waiting.events.isEmpty, let reference = now else { return }
    let held = waiting
    waiting = EventBatch()
    for event in held.events {
      if event.time <= reference &+ configuration.maxSkew {
        accept(event, batch: held, emit: emit)
      } else {
        waiting.appendCopy(of: event, from: held)
      }
    }
  }

  @inline(__always)
  private mutating func accept(
    _ event: DecodedEvent, batch: borrowing EventBatch, emit: (EngineOutput) -> Void
  ) {
    let time = event.time
    if firstTime == nil {
      firstTime = time
      nextSample = -Timestamp.floorDiv(-time, Self.second) * Self.second
      if let interval = configuration.snapshotInterval {
        nextBoundary = -Timestamp.floorDiv(-time, interval) * interval
      }
    }
    if let boundary = nextBoundary, time > boundary, let interval = configuration.snapshotInterval {
      var b = boundary
      // Every boundary gets its snapshot. From W + G after now nothing is in the window and no
      // session is left to end, so the snapshots of a gap are identical but for their time; a
      // gap with more than `maxQuietSnapshots` of those (a confirmed jump of years) prints the
      // first and the last of them only, so that no input can make the output unbounded.
      let quietFrom = (now ?? b) &+ configuration.window &+ configuration.sessionGap
      while b < time {
        emit(.snapshot(snapshot(at: b, isFinal: false, top: configuration.topPages)))
        if b >= quietFrom && (time - b) / interval > Self.maxQuietSnapshots {
          b = Timestamp.floorDiv(time - 1, interval) * interval
          continue
        }
        b += interval
      }
      nextBoundary = b
    }
    // After the scheduled snapshots (which sample the seconds before them on the way).
    if time > nextSample { sampleUsers(before: time) }
    totalValid += 1
    if let current = now, time <= current - configuration.window {
      late += 1
      return
    }
    if watermark.map({ time > $0 }) ?? true { watermark = time }
    let edge = windowEdge

    users.record(event.user, time: time)
    let burst = sessions.record(event.sessionKey, time: time, windowEdge: edge)

    var action: UInt8
    var page: UInt32 = 0
    switch event.kind {
    case .pageView:
      action = 0
      page =
        store.pages.reference(hash: event.page)
        ?? store.pages.insert(hash: event.page, name: batch.string(event.pageText))
    case .addToCart:
      action = 1
    case .purchase:
      action = 2
    case .other:
      action =
        store.actionNames.id(hash: event.actionHash)
        ?? store.actionNames.intern(hash: event.actionHash, name: batch.string(event.actionText))
    }
    store.add(time: time, action: action, page: page, amount: event.amountMicros)

    if event.kind == .purchase {
      purchasesSinceStart += 1
      revenueSinceStart += Int128(event.amountMicros)
      emit(
        .alert(
          Alert(
            kind: .purchase, time: time, userID: batch.string(event.userText),
            sessionID: event.hasSession ? batch.string(event.sessionText) : nil,
            amountMicros: event.amountMicros,
            orderID: event.orderText.isEmpty ? nil : batch.string(event.orderText))))
    }
    if let count = burst {
      emit(
        .alert(
          Alert(
            kind: .highActivity, time: time, userID: batch.string(event.userText),
            sessionID: event.hasSession ? batch.string(event.sessionText) : nil, count: count)))
    }
  }

  // MARK: - Time

  /// Moves the clock forward to `time` (never back), retiring what leaves the window, and takes
  /// waiting events it confirms (see Skew); returns what they emit.
  @discardableResult
  public mutating func advance(to time: Micros) -> [EngineOutput] {
    moveClock(to: time)
    var outputs: [EngineOutput] = []
    releaseWaiting { outputs.append($0) }
    return outputs
  }

  private mutating func moveClock(to time: Micros) {
    guard time > clock else { return }
    if time > nextSample { sampleUsers(before: time) }
    clock = time
    moveEdges(to: now ?? time)
  }

  private mutating func moveEdges(to time: Micros) {
    let edge = time - configuration.window
    let retentionEdge = time - configuration.effectiveRetention
    store.setEdges(windowEdge: edge, retentionEdge: retentionEdge)
    users.advance(windowEdge: edge, retentionEdge: retentionEdge)
    sessions.advance(now: time, windowEdge: edge, retentionEdge: retentionEdge)
  }

  static let second: Micros = 1_000_000

  /// Samples active users at every whole second s with `nextSample` ≤ s < `time` (the last
  /// `historySeconds` of them), each after moving the users' edge to s: the window (s − W, s]
  /// exactly, for time-ordered input (the state holds no event after s yet).
  private mutating func sampleUsers(before time: Micros) {
    let last = Timestamp.floorDiv(time - 1, Self.second) * Self.second
    var s = max(nextSample, last - Micros(Self.historySeconds - 1) * Self.second)
    while s <= last {
      // Only the users' edge: sessions and records move with the stream's time, so that an
      // out-of-order event still finds its session open.
      if s > (now ?? .min) {
        users.advance(windowEdge: s - configuration.window, retentionEdge: s - configuration.effectiveRetention)
      }
      userSamples.append(UsersSample(time: s, activeUsers: users.estimate))
      s += Self.second
    }
    nextSample = s
    if userSamples.count >= 2 * Self.historySeconds {
      userSamples.removeFirst(userSamples.count - Self.historySeconds)
    }
  }

  /// Active users at each whole second of the last `seconds` (oldest first, at most
  /// `historySeconds`): the figure as it was then, in the window of then (`setWindow` keeps the
  /// history; `reset` forgets it).
  public func userHistory(seconds: Int) -> ArraySlice<UsersSample> {
    userSamples.suffix(min(seconds, Self.historySeconds))
  }

  /// Changes the window length at once, using the retained data (at most the retention span).
  public mutating func setWindow(_ window: Micros) {
    let retention = configuration.effectiveRetention
    configuration.retention = retention
    configuration.window = min(max(window, 1), retention)
    guard let time = now else { return }
    let edge = time - configuration.window
    let retentionEdge = time - retention
    store.setEdges(windowEdge: edge, retentionEdge: retentionEdge)
    users.rebuild(windowEdge: edge, retentionEdge: retentionEdge)
    sessions.rebuild(now: time, windowEdge: edge, retentionEdge: retentionEdge)
  }

  /// Forgets every aggregate (the dashboard's reset); settings and counters of invalid lines stay.
  public mutating func reset() {
    store.removeAll()
    users.removeAll()
    sessions.removeAll()
    clock = .min
    watermark = nil
    firstTime = nil
    nextBoundary = nil
    totalValid = 0
    late = 0
    future = 0
    waiting = EventBatch()
    jumpsSeen = false
    userSamples.removeAll()
    nextSample = .max
    purchasesSinceStart = 0
    revenueSinceStart = 0
  }

  // MARK: - Reading

  /// The final snapshot: at the largest timestamp seen, marked final. Nil before any event.
  public mutating func finish(top: Int? = nil, emit: (EngineOutput) -> Void = { _ in }) -> Snapshot? {
    endOfInput(emit: emit)
    guard let watermark else { return nil }
    return snapshot(at: max(watermark, clock), isFinal: true, top: top ?? configuration.topPages)
  }

  /// The window at `time` (moved forward to now if earlier), with the `top` most viewed pages.
  public mutating func snapshot(at time: Micros, isFinal: Bool = false, top: Int) -> Snapshot {
    moveClock(to: time)
    let t = max(time, now ?? time)
    let edge = t - configuration.window
    let part = store.edgePart(windowEdge: edge)
    var snapshot = Snapshot()
    snapshot.time = t
    snapshot.isFinal = isFinal
    snapshot.window = configuration.window
    snapshot.events.total = totalValid
    snapshot.events.inWindow = store.totals.events + part.totals.events
    snapshot.events.invalid = invalid
    snapshot.events.late = late
    snapshot.events.future = future
    snapshot.activeUsers = users.estimate
    // The edge slot's views count for this snapshot only: add them, read, take them back.
    for (slot, views) in part.pageViews { store.pages.addViews(slot, views) }
    snapshot.topPages = store.pages.top(top)
    snapshot.distinctPages = store.pages.distinctInWindow()
    for (slot, views) in part.pageViews { store.pages.addViews(slot, -views) }
    snapshot.purchases.count = store.totals.purchases + part.totals.purchases
    snapshot.purchases.revenueMicros = store.totals.revenue + part.totals.revenue
    snapshot.purchases.allTime = purchasesSinceStart
    snapshot.purchases.allTimeRevenueMicros = revenueSinceStart
    var actions = store.totals.actions
    actions.add(part.totals.actions, sign: 1)
    snapshot.actions = actions.values.enumerated().compactMap { id, count in
      count > 0 ? ActionCount(action: store.actionNames.name(id), count: count) : nil
    }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.action < $1.action }
    snapshot.sessions = sessionStats()
    snapshot.limits = Snapshot.Limits(
      userSamplingLevel: users.samplingLevel, sessionSamplingLevel: sessions.samplingLevel,
      usersEvicted: users.evictions, sessionsEvicted: sessions.evictions,
      pagesEvicted: store.pages.evictions, trackedUsers: users.trackedCount,
      trackedSessions: sessions.liveCount, trackedPages: store.pages.trackedCount,
      windowRecords: store.recordCount, secondsCompacted: store.compactedByLimit)
    return snapshot
  }

  private mutating func sessionStats() -> Snapshot.Sessions {
    var stats = Snapshot.Sessions()
    let scale = sessions.samplingLevel
    stats.active = sessions.activeCount << scale
    if sessions.activeCount > 0 {
      let longest = sessions.maxActiveDuration()
      stats.p50 = min(sessions.histogram.quantileBin(0.5).map(DurationHistogram.representative) ?? 0, longest)
      stats.p90 = min(sessions.histogram.quantileBin(0.9).map(DurationHistogram.representative) ?? 0, longest)
      stats.p99 = min(sessions.histogram.quantileBin(0.99).map(DurationHistogram.representative) ?? 0, longest)
      stats.max = longest
      stats.mean = Self.roundedQuotient(sessions.activeDurationSum, sessions.activeCount)
    }
    stats.completed = sessions.completedInWindow << scale
    if sessions.completedInWindow > 0 {
      stats.completedMean = Self.roundedQuotient(
        sessions.completedDurationSum, sessions.completedInWindow)
    }
    stats.lengthBuckets = sessions.histogram.counts(below: Snapshot.lengthBucketBounds).map { $0 << scale }
    return stats
  }

  /// sum / count rounded half away from zero, in whole microseconds.
  private static func roundedQuotient(_ sum: Int128, _ count: Int) -> Micros {
    let n = Int128(count)
    let q = (2 * sum + (sum >= 0 ? n : -n)) / (2 * n)
    return Micros(q)
  }

  /// Events per slot of the last `count` seconds up to `now`, per action (for charts).
  public func timeline(seconds count: Int) -> (names: [String], series: [ActionCounts]) {
    guard let time = now else { return ([], []) }
    let names = (0..<ActionTable.capacity).map { store.actionNames.name($0) }
    return (names, store.timeline(endingAt: time, count: count))
  }

  /// Approximate bytes held by the aggregation state.
  public var memoryBytes: Int { store.memoryBytes + users.memoryBytes + sessions.memoryBytes }

  /// `memoryBytes` by part.
  var memoryParts: (store: Int, users: Int, sessions: Int) {
    (store.memoryBytes, users.memoryBytes, sessions.memoryBytes)
  }
}
