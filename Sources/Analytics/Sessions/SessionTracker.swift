/// Sessions: maximal runs of events of one key (session_id, or user_id when there is none) with
/// no gap longer than G.
///
/// Per session it keeps first and last event time and the event count. A session is *active*
/// while its last event is after T − W; it *ends* at last + G when no event of its key came in
/// between, and counts as completed in the window while that end lies in (T − W, T]. Lazy heaps
/// (see `TimeHeap`) find the sessions that cross either edge, so every count is exact at any T.
///
/// Out of order events join the key's current session when they fall within G of it; one more
/// than G before its start becomes a session of its own. A session whose end was already counted
/// is never reopened: a later event of its key starts a new session.
///
/// Bounded memory by distinct sampling on the key hash, as `ActiveUsers` does: beyond `capacity`
/// live sessions only a 2^-level share is tracked and counts are scaled up. Quantiles, mean and
/// max then describe the sample.
struct SessionTracker: ~Copyable {
  let gap: Micros
  let capacity: Int
  var burstThreshold: Int

  private var index = KeyIndex(capacity: 4096)
  private var entries: RawVector<SessionEntry>
  private var allocator = SlotAllocator()

  private var activeHeap: TimeHeap
  private var openHeap: TimeHeap
  private(set) var histogram: DurationHistogram
  private(set) var activeCount = 0
  private(set) var activeDurationSum: Int128 = 0

  /// Completed sessions still inside the retention span, ordered by end time. Entries from
  /// `completedCursor` on ended inside the window.
  private var completed: [(end: Micros, duration: Micros, slot: UInt32)] = []
  private var completedHead = 0
  private var completedCursor = 0
  private(set) var completedInWindow = 0
  private(set) var completedDurationSum: Int128 = 0

  private(set) var samplingLevel = 0
  private(set) var evictions = 0

  private static let live: UInt8 = 1
  private static let mapped: UInt8 = 2
  private static let active: UInt8 = 4
  private static let ended: UInt8 = 8
  private static let alerted: UInt8 = 16

  init(gap: Micros, burstThreshold: Int, capacity: Int) {
    self.gap = gap
    self.burstThreshold = burstThreshold
    self.capacity = max(capacity, 64)
    // At most capacity + 1 sessions are kept at once (then sampling halves them).
    entries = RawVector(limit: self.capacity + 1)
    activeHeap = TimeHeap(limit: self.capacity + 1)
    openHeap = TimeHeap(limit: self.capacity + 1)
    histogram = DurationHistogram(memberLimit: self.capacity + 1)
  }

  var liveCount: Int { allocator.liveCount }
  var memoryBytes: Int {
    index.memoryBytes + entries.memoryBytes + activeHeap.memoryBytes + openHeap.memoryBytes
      + completed.capacity * 24 + histogram.memoryBytes
  }

  @inline(__always)
  private func admits(_ key: UInt64) -> Bool {
    samplingLevel == 0 || key >> UInt64(64 - samplingLevel) == 0
  }

  @inline(__always)
  private func duration(_ i: Int) -> Micros { entries[i].last - entries[i].first }

  // MARK: - Events

  /// Records an event of session `key` at `time` (after `windowEdge`). Returns the session's
  /// event count when it has just exceeded the burst threshold for the first time.
  @inline(__always)
  mutating func record(_ key: UInt64, time: Micros, windowEdge: Micros) -> Int? {
    guard admits(key) else { return nil }
    let slot: UInt32
    if let current = index.find(key) {
      let i = Int(current)
      if entries[i].flags & Self.ended == 0 && time - entries[i].last <= gap && entries[i].first - time <= gap {
        slot = current
        extend(i, time: time, windowEdge: windowEdge)
      } else if entries[i].flags & Self.ended == 0 && entries[i].first - time > gap {
        slot = open(key, time: time, mapped: false, windowEdge: windowEdge)
      } else {
        entries[i].flags &= ~Self.mapped
        index.remove(key)
        slot = open(key, time: time, mapped: true, windowEdge: windowEdge)
      }
    } else {
      slot = open(key, time: time, mapped: true, windowEdge: windowEdge)
    }
    let i = Int(slot)
    if entries[i].count == UInt32(burstThreshold) + 1 && entries[i].flags & Self.alerted == 0 {
      entries[i].flags |= Self.alerted
      return Int(entries[i].count)
    }
    return nil
  }

  @inline(__always)
  private mutating func extend(_ i: Int, time: Micros, windowEdge: Micros) {
    entries[i].count &+= 1
    let before = duration(i)
    if time > entries[i].last { entries[i].last = time }
    if time < entries[i].first { entries[i].first = time }
    if entries[i].flags & Self.active != 0 {
      let after = duration(i)
      if after != before {
        activeDurationSum += Int128(after - before)
        histogram.update(UInt32(i), from: before, to: after)
      }
    } else if entries[i].last > windowEdge {
      activate(i)
    }
  }

  private mutating func open(
    _ key: UInt64, time: Micros, mapped: Bool, windowEdge: Micros
  )
    -> UInt32
  {
    let slot = allocator.allocate {
      entries.append(SessionEntry(key: 0, first: 0, last: 0, count: 0, flags: 0))
    }
    let i = Int(slot)
    entries[i].key = key
    entries[i].first = time
    entries[i].last = time
    entries[i].count = 1
    entries[i].flags = Self.live | (mapped ? Self.mapped : 0)
    if mapped { index.insert(key, slot) }
    openHeap.push(time, slot)
    if time > windowEdge { activate(i) }
    if allocator.liveCount > capacity { raiseSamplingLevel() }
    return slot
  }

  private mutating func activate(_ i: Int) {
    entries[i].flags |= Self.active
    activeCount += 1
    activeDurationSum += Int128(duration(i))
    histogram.insert(UInt32(i), duration: duration(i))
    activeHeap.push(entries[i].last, UInt32(i))
  }

  private mutating func deactivate(_ i: Int) {
    entries[i].flags &= ~Self.active
    activeCount -= 1
    activeDurationSum -= Int128(duration(i))
    histogram.remove(UInt32(i), duration: duration(i))
  }

  // MARK: - Time

  /// Moves time to `now`: retires sessions whose last event is at or before `windowEdge`, ends
  /// those silent for longer than G, and forgets ended sessions whose end is at or before
  /// `retentionEdge`.
  mutating func advance(now: Micros, windowEdge: Micros, retentionEdge: Micros) {
    while let time = activeHeap.minTime, time <= windowEdge {
      let slot = activeHeap.pop().slot
      let i = Int(slot)
      if entries[i].last <= windowEdge { deactivate(i) } else { activeHeap.push(entries[i].last, slot) }
    }
    let closing = now - gap
    while let time = openHeap.minTime, time <= closing {
      let slot = openHeap.pop().slot
      let i = Int(slot)
      if entries[i].last <= closing { end(i) } else { openHeap.push(entries[i].last, slot) }
    }
    while completedCursor < completed.count && completed[completedCursor].end <= windowEdge {
      completedInWindow -= 1
      completedDurationSum -= Int128(completed[completedCursor].duration)
      completedCursor += 1
    }
    while completedHead < completedCursor && completed[completedHead].end <= retentionEdge {
      free(Int(completed[completedHead].slot))
      completedHead += 1
    }
    if completedHead > 1024 && completedHead * 2 > completed.count {
      completed.removeFirst(completedHead)
      completedCursor -= completedHead
      completedHead = 0
    }
  }

  /// Ends session `i`: its end (last + G) joins the completion queue, counted in the window
  /// unless it sorts before the cursor (advance then uncounts what is at or before the edge).
  private mutating func end(_ i: Int) {
    entries[i].flags |= Self.ended
    let entry = (end: entries[i].last + gap, duration: duration(i), slot: UInt32(i))
    var position = completed.count
    while position > completedHead && completed[position - 1].end > entry.end { position -= 1 }
    completed.insert(entry, at: position)
    if position < completedCursor {
      completedCursor += 1
    } else {
      completedInWindow += 1
      completedDurationSum += Int128(entry.duration)
    }
  }

  private mutating func free(_ i: Int) {
    if entries[i].flags & Self.active != 0 { deactivate(i) }
    if entries[i].flags & Self.mapped != 0 { index.remove(entries[i].key) }
    entries[i].flags = 0
    allocator.release(UInt32(i))
  }

  /// Recomputes which sessions are active and which completions are in the window for a new
  /// window edge (after the window length changed).
  mutating func rebuild(now: Micros, windowEdge: Micros, retentionEdge: Micros) {
    activeHeap.removeAll()
    histogram.removeAll()
    activeCount = 0
    activeDurationSum = 0
    for i in 0..<entries.count where entries[i].flags & Self.live != 0 {
      entries[i].flags &= ~Self.active
      if entries[i].last > windowEdge { activate(i) }
    }
    completedCursor = completedHead
    completedInWindow = 0
    completedDurationSum = 0
    for position in completedHead..<completed.count {
      if completed[position].end <= windowEdge {
        completedCursor = position + 1
      } else {
        completedInWindow += 1
        completedDurationSum += Int128(completed[position].duration)
      }
    }
    advance(now: now, windowEdge: windowEdge, retentionEdge: retentionEdge)
  }

  private mutating func raiseSamplingLevel() {
    while allocator.liveCount > capacity {
      samplingLevel += 1
      for i in 0..<entries.count where entries[i].flags & Self.live != 0 && !admits(entries[i].key) {
        free(i)
        evictions += 1
      }
    }
    // Drop what the heaps and the completion queue say about freed sessions, in place (a new
    // queue beside the old one would raise the peak memory just when it is at the cap).
    var kept = 0
    var cursor = 0
    for position in completedHead..<completed.count {
      let entry = completed[position]
      guard entries[Int(entry.slot)].flags & Self.live != 0,
        entries[Int(entry.slot)].key >> UInt64(64 - samplingLevel) == 0
      else { continue }
      completed[kept] = entry
      kept += 1
      if position < completedCursor { cursor += 1 }
    }
    completed.removeSubrange(kept...)
    completedHead = 0
    completedCursor = cursor
    completedInWindow = kept - cursor
    completedDurationSum = completed[cursor...].reduce(0) { $0 + Int128($1.duration) }
    activeHeap.removeAll()
    openHeap.removeAll()
    for i in 0..<entries.count where entries[i].flags & Self.live != 0 {
      if entries[i].flags & Self.active != 0 { activeHeap.push(entries[i].last, UInt32(i)) }
      if entries[i].flags & Self.ended == 0 { openHeap.push(entries[i].last, UInt32(i)) }
    }
  }

  // MARK: - Reading

  /// The exact longest active session (µs), 0 when none.
  mutating func maxActiveDuration() -> Micros {
    let base = entries.base
    return histogram.maximum { member in base[Int(member)].last - base[Int(member)].first }
  }

  mutating func removeAll() {
    self = SessionTracker(gap: gap, burstThreshold: burstThreshold, capacity: capacity)
  }
}

/// What the tracker keeps per session, together so that a lookup touches one cache line.
struct SessionEntry {
  var key: UInt64
  var first: Micros
  var last: Micros
  var count: UInt32
  var flags: UInt8
}
