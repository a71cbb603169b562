/// An open-addressing hash map from non-zero 64-bit keys (already hashes) to 32-bit slots.
///
/// Linear probing over a power-of-two table kept at most half full; removal shifts later entries
/// back, so there are no tombstones and lookups never slow down with churn.
struct KeyIndex: ~Copyable {

  private var entries: RawVector<KeyIndexEntry>
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    self.init(tableSize: size)
  }

  private init(tableSize size: Int) {
    entries = RawVector(repeating: KeyIndexEntry(key: 0, value: 0), count: size)
    mask = size - 1
  }

  /// Bytes held by the table.
  var memoryBytes: Int { entries.memoryBytes }

  @inline(__always)
  func find(_ key: UInt64) -> UInt32? {
    var i = Int(truncatingIfNeeded: key) & mask
    while true {
      let entry = entries[i]
      if entry.key == key { return entry.value }
      if entry.key == 0 { return nil }
      i = (i + 1) & mask
    }
  }

  /// The value for `key`, inserting `make()` when absent. `inserted` tells which happened.
  @inline(__always)
  mutating func findOrInsert(_ key: UInt64, _ make: () -> UInt32) -> (value: UInt32, inserted: Bool) {
    // (`make` runs before the slot is filled, so it may not use this index.)
    // At most half full before the insert (so that a cap's one extra key, which makes its
    // owner sample, does not double a table sized for the cap).
    if count * 2 > entries.count { grow() }
    var i = Int(truncatingIfNeeded: key) & mask
    while true {
      let entry = entries[i]
      if entry.key == key { return (entry.value, false) }
      if entry.key == 0 {
        let value = make()
        entries[i] = KeyIndexEntry(key: key, value: value)
        count += 1
        return (value, true)
      }
      i = (i + 1) & mask
    }
  }

  mutating func insert(_ key: UInt64, _ value: UInt32) {
    _ = findOrInsert(key) { value }
  }

  /// Removes `key` if present (and returns its value).
  @discardableResult
  mutating func remove(_ key: UInt64) -> UInt32? {
    var i = Int(truncatingIfNeeded: key) & mask
    while true {
      let k = entries[i].key
      if k == 0 { return nil }
      if k == key { break }
      i = (i + 1) & mask
    }
    let removed = entries[i].value
    // Backward-shift deletion: pull later members of the probe run into the hole.
    var hole = i
    var j = (i + 1) & mask
    while entries[j].key != 0 {
      let home = Int(truncatingIfNeeded: entries[j].key) & mask
      // Move entries[j] into the hole unless its home lies cyclically in (hole, j].
      let distanceToHome = (j - home) & mask
      let distanceToHole = (j - hole) & mask
      if distanceToHome >= distanceToHole {
        entries[hole] = entries[j]
        hole = j
      }
      j = (j + 1) & mask
    }
    entries[hole] = KeyIndexEntry(key: 0, value: 0)
    count -= 1
    return removed
  }

  mutating func removeAll() {
    self = KeyIndex()
  }

  private mutating func grow() {
    var bigger = KeyIndex(tableSize: entries.count * 2)
    for i in 0..<entries.count where entries[i].key != 0 {
      bigger.insert(entries[i].key, entries[i].value)
    }
    self = bigger
  }
}

/// Dense storage of fixed-size entries addressed by `UInt32` slot numbers, reusing freed slots.
struct SlotAllocator {
  private var freeSlots: [UInt32] = []
  private(set) var capacity: UInt32 = 0

  var liveCount: Int { Int(capacity) - freeSlots.count }

  /// A free slot number; `grow` is called when a new one past the end is needed.
  @inline(__always)
  mutating func allocate(grow: () -> Void) -> UInt32 {
    if let slot = freeSlots.popLast() { return slot }
    grow()
    capacity += 1
    return capacity - 1
  }

  mutating func release(_ slot: UInt32) {
    freeSlots.append(slot)
  }

  mutating func removeAll() {
    freeSlots.removeAll()
    capacity = 0
  }
}

/// A key and its value side by side, so that a probe touches one cache line.
struct KeyIndexEntry {
  var key: UInt64
  var value: UInt32
}
