/// A binary min-heap of (time, slot) pairs, ordered by time.
///
/// Used as a lazy edge detector: each live entity is pushed once with the time it had then; when
/// the head's time passes an edge the owner checks the entity's current time and either retires
/// it or pushes it again. The heap holds one entry per entity, so its size is bounded by the
/// entities alive, not by the events seen.
public struct TimeHeap: ~Copyable, Sendable {
  public init() {}
  /// A heap that stops doubling its storage at `limit` entries (see `RawVector.limit`).
  init(limit: Int) {
    times = RawVector(limit: limit)
    slots = RawVector(limit: limit)
  }
  private var times = RawVector<Int64>()
  private var slots = RawVector<UInt32>()

  public var count: Int { times.count }
  public var isEmpty: Bool { times.isEmpty }
  public var minTime: Int64? { times.isEmpty ? nil : times[0] }
  var memoryBytes: Int { times.memoryBytes + slots.memoryBytes }

  public mutating func push(_ time: Int64, _ slot: UInt32) {
    times.append(time)
    slots.append(slot)
    // Sift up with a hole: move parents down until the new entry's place is found.
    var child = times.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard times[parent] > time else { break }
      times[child] = times[parent]
      slots[child] = slots[parent]
      child = parent
    }
    times[child] = time
    slots[child] = slot
  }

  /// Removes and returns the earliest entry.
  public mutating func pop() -> (time: Int64, slot: UInt32) {
    let top = (times[0], slots[0])
    let lastTime = times.removeLast()
    let lastSlot = slots.removeLast()
    let n = times.count
    guard n > 0 else { return top }
    // Sift down with a hole: move the smaller child up until the last entry fits.
    var hole = 0
    while true {
      let left = 2 * hole + 1
      if left >= n { break }
      let right = left + 1
      let child = right < n && times[right] < times[left] ? right : left
      guard times[child] < lastTime else { break }
      times[hole] = times[child]
      slots[hole] = slots[child]
      hole = child
    }
    times[hole] = lastTime
    slots[hole] = lastSlot
    return top
  }

  public mutating func removeAll() {
    times.removeAll()
    slots.removeAll()
  }
}
