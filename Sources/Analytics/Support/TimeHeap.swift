/// A binary min-heap of (time, slot) pairs, ordered by time.
///
/// Used as a lazy edge detector: each live entity is pushed once with the time it had then; when
/// the head's time passes an edge the owner checks the entity's current time and either retires
/// it or pushes it again. The heap holds one entry per entity, so its size is bounded by the
/// entities alive, not by the events seen.
public struct TimeHeap: ~Copyable, Sendable {
  public init() {}
  private var times = RawVector<Int64>()
  private var slots = RawVector<UInt32>()

  public var count: Int { times.count }
  public var isEmpty: Bool { times.isEmpty }
  public var minTime: Int64? { times.isEmpty ? nil : times[0] }
  var memoryBytes: Int { times.memoryBytes + slots.memoryBytes }

  public mutating func push(_ time: Int64, _ slot: UInt32) {
    times.append(time)
    slots.append(slot)
    var child = times.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard times[parent] > times[child] else { break }
      times.swapAt(parent, child)
      slots.swapAt(parent, child)
      child = parent
    }
  }

  /// Removes and returns the earliest entry.
  public mutating func pop() -> (time: Int64, slot: UInt32) {
    let top = (times[0], slots[0])
    let lastTime = times.removeLast()
    let lastSlot = slots.removeLast()
    if !times.isEmpty {
      times[0] = lastTime
      slots[0] = lastSlot
      var parent = 0
      let n = times.count
      while true {
        let left = 2 * parent + 1
        if left >= n { break }
        let right = left + 1
        let child = right < n && times[right] < times[left] ? right : left
        guard times[child] < times[parent] else { break }
        times.swapAt(parent, child)
        slots.swapAt(parent, child)
        parent = child
      }
    }
    return top
  }

  public mutating func removeAll() {
    times.removeAll()
    slots.removeAll()
  }
}
