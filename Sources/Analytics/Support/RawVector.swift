/// A growable buffer of plain values with unchecked access, for the engine's per-event paths.
///
/// It is `~Copyable`: exactly one owner holds it, so there is no copy-on-write check on writes
/// and no bounds check on reads (indices are asserted in debug builds). The engine's state types
/// that hold one are non-copyable too, up to `WindowAggregator`.
///
/// `@unchecked Sendable` is sound because a non-copyable value cannot be shared: it can only be
/// moved, so no two threads ever hold the same buffer.
struct RawVector<Element: BitwiseCopyable>: ~Copyable, @unchecked Sendable {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private(set) var capacity: Int
  /// Doubling stops at this capacity: past it the buffer grows only as far as it must (for
  /// structures with a cap, so that one element over it does not double their memory).
  let limit: Int

  init(capacity: Int = 16, limit: Int = .max) {
    self.capacity = max(capacity, 1)
    self.limit = limit
    base = .allocate(capacity: self.capacity)
  }

  init(repeating value: Element, count: Int) {
    capacity = max(count, 1)
    limit = .max
    base = .allocate(capacity: capacity)
    base.initialize(repeating: value, count: count)
    self.count = count
  }

  deinit { base.deallocate() }

  var isEmpty: Bool { count == 0 }
  var memoryBytes: Int { capacity * MemoryLayout<Element>.stride }

  @inline(__always)
  subscript(index: Int) -> Element {
    get {
      assert(index >= 0 && index < count, "RawVector index out of range")
      return base[index]
    }
    set {
      assert(index >= 0 && index < count, "RawVector index out of range")
      base[index] = newValue
    }
  }

  @inline(__always)
  mutating func append(_ value: Element) {
    if count == capacity { grow(to: capacity + 1) }
    base[count] = value
    count += 1
  }

  /// Appends `n` copies of `value`.
  mutating func append(repeating value: Element, count n: Int) {
    if count + n > capacity { grow(to: count + n) }
    (base + count).initialize(repeating: value, count: n)
    count += n
  }

  @inline(__always)
  mutating func removeLast() -> Element {
    assert(count > 0)
    count -= 1
    return base[count]
  }

  mutating func removeAll() { count = 0 }

  @inline(__always)
  mutating func swapAt(_ i: Int, _ j: Int) {
    let value = base[i]
    base[i] = base[j]
    base[j] = value
  }

  /// Grows to hold at least `needed` elements: doubling up to `limit`, then only to `needed`.
  private mutating func grow(to needed: Int) {
    let newCapacity = max(needed, min(capacity * 2, limit))
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    grown.moveInitialize(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = newCapacity
  }
}
