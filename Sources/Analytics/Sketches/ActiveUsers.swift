/// Distinct users seen in the window: exact up to `capacity` users, a uniform sample beyond.
///
/// Each tracked user has its last-seen time; a user is active while last-seen > T − W. A lazy
/// min-heap finds the users whose last-seen falls behind the edge (see `TimeHeap`), so the count
/// is exact at any T and the work per event is one hash lookup.
///
/// Bounded memory by distinct sampling: a user is tracked only if the top `samplingLevel` bits of
/// its hash are zero (probability p = 2^-level). When more than `capacity` users are tracked the
/// level rises and the users that no longer qualify are dropped. The estimate `activeCount / p`
/// is unbiased with relative standard error about √((1 − p) / (p·n)); since at least
/// `capacity / 2` users stay tracked, that is under 0.2% for the default capacity of 2²⁰.
struct ActiveUsers: ~Copyable {
  private var index = KeyIndex(capacity: 4096)
  private var entries: RawVector<UserEntry>
  private var allocator = SlotAllocator()
  /// Active users, keyed by their last-seen time when pushed (window edge).
  private var activeHeap: TimeHeap
  /// Inactive users kept for a wider window (retention edge).
  private var retainedHeap: TimeHeap
  private(set) var activeCount = 0
  private(set) var samplingLevel = 0
  /// Users dropped by sampling, since the start.
  private(set) var evictions = 0
  let capacity: Int

  private static let live: UInt8 = 1
  private static let active: UInt8 = 2
  private static let retained: UInt8 = 4

  init(capacity: Int) {
    self.capacity = max(capacity, 64)
    // At most capacity + 1 users are tracked at once (then sampling halves them).
    entries = RawVector(limit: self.capacity + 1)
    activeHeap = TimeHeap(limit: self.capacity + 1)
    retainedHeap = TimeHeap(limit: self.capacity + 1)
  }

  /// Active users, scaled up by the sampling rate.
  var estimate: Int { activeCount << samplingLevel }
  var trackedCount: Int { index.count }
  var memoryBytes: Int {
    index.memoryBytes + entries.memoryBytes + activeHeap.memoryBytes + retainedHeap.memoryBytes
  }

  @inline(__always)
  private func admits(_ hash: UInt64) -> Bool {
    samplingLevel == 0 || hash >> UInt64(64 - samplingLevel) == 0
  }

  /// Records an event of user `hash` at `time` (after the window edge).
  @inline(__always)
  mutating func record(_ hash: UInt64, time: Micros) {
    guard admits(hash) else { return }
    let (slot, inserted) = index.findOrInsert(hash) {
      allocator.allocate {
        entries.append(UserEntry(hash: 0, lastSeen: 0, flags: 0))
      }
    }
    let i = Int(slot)
    if inserted {
      entries[i].hash = hash
      entries[i].lastSeen = time
      entries[i].flags = Self.live
    } else if time > entries[i].lastSeen {
      entries[i].lastSeen = time
    }
    if entries[i].flags & Self.active == 0 {
      entries[i].flags |= Self.active
      activeCount += 1
      activeHeap.push(entries[i].lastSeen, slot)
    }
    if inserted && index.count > capacity { raiseSamplingLevel() }
  }

  /// Retires users last seen at or before `windowEdge`, and forgets inactive ones last seen at or
  /// before `retentionEdge`.
  mutating func advance(windowEdge: Micros, retentionEdge: Micros) {
    while let time = activeHeap.minTime, time <= windowEdge {
      let slot = activeHeap.pop().slot
      let i = Int(slot)
      guard entries[i].lastSeen <= windowEdge else {
        activeHeap.push(entries[i].lastSeen, slot)
        continue
      }
      entries[i].flags &= ~Self.active
      activeCount -= 1
      if entries[i].flags & Self.retained != 0 { continue }
      if entries[i].lastSeen <= retentionEdge {
        free(slot)
      } else {
        entries[i].flags |= Self.retained
        retainedHeap.push(entries[i].lastSeen, slot)
      }
    }
    while let time = retainedHeap.minTime, time <= retentionEdge {
      let slot = retainedHeap.pop().slot
      let i = Int(slot)
      if entries[i].flags & Self.active != 0 {
        entries[i].flags &= ~Self.retained
      } else if entries[i].lastSeen <= retentionEdge {
        free(slot)
      } else {
        retainedHeap.push(entries[i].lastSeen, slot)
      }
    }
  }

  private mutating func free(_ slot: UInt32) {
    index.remove(entries[Int(slot)].hash)
    entries[Int(slot)].flags = 0
    allocator.release(slot)
  }

  /// Recomputes who is active for a new window edge (after the window length changed).
  mutating func rebuild(windowEdge: Micros, retentionEdge: Micros) {
    activeHeap.removeAll()
    retainedHeap.removeAll()
    activeCount = 0
    for i in 0..<entries.count where entries[i].flags & Self.live != 0 {
      entries[i].flags = Self.live
      if entries[i].lastSeen > windowEdge {
        entries[i].flags |= Self.active
        activeCount += 1
        activeHeap.push(entries[i].lastSeen, UInt32(i))
      } else {
        entries[i].flags |= Self.retained
        retainedHeap.push(entries[i].lastSeen, UInt32(i))
      }
    }
    advance(windowEdge: windowEdge, retentionEdge: retentionEdge)
  }

  private mutating func raiseSamplingLevel() {
    while index.count > capacity {
      samplingLevel += 1
      for i in 0..<entries.count where entries[i].flags & Self.live != 0 && !admits(entries[i].hash) {
        if entries[i].flags & Self.active != 0 { activeCount -= 1 }
        free(UInt32(i))
        evictions += 1
      }
    }
    // Heaps may name freed slots now; rebuild them from the survivors.
    activeHeap.removeAll()
    retainedHeap.removeAll()
    for i in 0..<entries.count where entries[i].flags & Self.live != 0 {
      entries[i].flags &= ~Self.retained
      if entries[i].flags & Self.active != 0 {
        activeHeap.push(entries[i].lastSeen, UInt32(i))
      } else {
        entries[i].flags |= Self.retained
        retainedHeap.push(entries[i].lastSeen, UInt32(i))
      }
    }
  }

  mutating func removeAll() {
    self = ActiveUsers(capacity: capacity)
  }
}

/// Per user, together so that a lookup touches one cache line.
struct UserEntry {
  var hash: UInt64
  var lastSeen: Micros
  var flags: UInt8
}
