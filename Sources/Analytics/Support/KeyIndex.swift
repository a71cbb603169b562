/// An open-addressing hash map from non-zero 64-bit keys (already hashes) to 32-bit slots.
///
/// Linear probing over a power-of-two table kept at most half full; removal shifts later entries
/// back, so there are no tombstones and lookups never slow down with churn.
struct KeyIndex: ~Copyable {
  private var keys: RawVector<UInt64>
  private var values: RawVector<UInt32>
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    self.init(tableSize: size)
  }

  private init(tableSize size: Int) {
    keys = RawVector(repeating: 0, count: size)
    values = RawVector(repeating: 0, count: size)
    mask = size - 1
  }

  /// Bytes held by the table.
  var memoryBytes: Int { keys.count * 12 }

  @inline(__always)
  func find(_ key: UInt64) -> UInt32? {
    var i = Int(truncatingIfNeeded: key) & mask
    while true {
      let k = keys[i]
      if k == key { return values[i] }
      if k == 0 { return nil }
      i = (i + 1) & mask
    }
  }

  /// The value for `key`, inserting `make()` when absent. `inserted` tells which happened.
  @inline(__always)
  mutating func findOrInsert(_ key: UInt64, _ make: () -> UInt32) -> (value: UInt32, inserted: Bool) {
    // (`make` runs before the slot is filled, so it may not use this index.)
    if count * 2 >= keys.count { grow() }
    var i = Int(truncatingIfNeeded: key) & mask
    while true {
      let k = keys[i]
      if k == key { return (values[i], false) }
      if k == 0 {
        let value = make()
        keys[i] = key
        values[i] = value
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
      let k = keys[i]
      if k == 0 { return nil }
      if k == key { break }
      i = (i + 1) & mask
    }
    let removed = values[i]
    // Backward-shift deletion: pull later members of the probe run into the hole.
    var hole = i
    var j = (i + 1) & mask
    while keys[j] != 0 {
      let home = Int(truncatingIfNeeded: keys[j]) & mask
      // Move keys[j] into the hole unless its home lies cyclically in (hole, j].
      let distanceToHome = (j - home) & mask
      let distanceToHole = (j - hole) & mask
      if distanceToHome >= distanceToHole {
        keys[hole] = keys[j]
        values[hole] = values[j]
        hole = j
      }
      j = (j + 1) & mask
    }
    keys[hole] = 0
    count -= 1
    return removed
  }

  mutating func removeAll() {
    self = KeyIndex()
  }

  private mutating func grow() {
    var bigger = KeyIndex(tableSize: keys.count * 2)
    for i in 0..<keys.count where keys[i] != 0 {
      bigger.insert(keys[i], values[i])
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
