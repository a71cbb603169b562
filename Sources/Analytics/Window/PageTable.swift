/// Interned pages with their view counts in the window.
///
/// Invariants: a page is *tracked* (findable by hash, eligible for the top list) or *evicted*;
/// `references` counts the records in retained slots that point at a page, and a page's slot is
/// freed only when that reaches zero, so a record never points at a reused slot.
/// At most `capacity` pages are tracked. When a new page would exceed it, the tracked pages with
/// the fewest views in the window are evicted (an eighth of the table at a time). A page that
/// comes back after eviction starts counting again from zero, so any page's count is low by at
/// most the count an evicted page had — never more than the smallest count in the table when the
/// eviction happened. Counts are exact while no eviction has happened in the window.
struct PageTable: ~Copyable {
  private var index = KeyIndex(capacity: 1024)
  private(set) var names: [String] = []
  private var hashes = RawVector<UInt64>()
  private(set) var windowViews = RawVector<Int32>()
  private var references = RawVector<Int32>()
  private var tracked = RawVector<Bool>()
  private var allocator = SlotAllocator()
  let capacity: Int
  /// Pages evicted to stay within `capacity`, since the start.
  private(set) var evictions = 0

  init(capacity: Int) {
    self.capacity = max(capacity, 16)
  }

  var trackedCount: Int { index.count }

  var memoryBytes: Int {
    index.memoryBytes + names.reduce(0) { $0 + 16 + max(0, $1.utf8.count - 15) } + hashes.count * 17
  }

  /// The slot of a tracked page, with one more reference; nil when the page is new (then call
  /// `insert`).
  @inline(__always)
  mutating func reference(hash: UInt64) -> UInt32? {
    guard let slot = index.find(hash) else { return nil }
    references[Int(slot)] += 1
    return slot
  }

  /// Interns a new page and its name, with one reference.
  mutating func insert(hash: UInt64, name: String) -> UInt32 {
    if index.count >= capacity { evictLeastViewed() }
    let slot = allocator.allocate {
      names.append("")
      hashes.append(0)
      windowViews.append(0)
      references.append(0)
      tracked.append(false)
    }
    let i = Int(slot)
    names[i] = name
    hashes[i] = hash
    windowViews[i] = 0
    references[i] = 1
    tracked[i] = true
    index.insert(hash, slot)
    return slot
  }

  @inline(__always) mutating func addViews(_ slot: UInt32, _ n: Int32) { windowViews[Int(slot)] += n }

  /// Drops `count` references; frees the page when none is left.
  mutating func release(_ slot: UInt32, count: Int32) {
    let i = Int(slot)
    references[i] -= count
    guard references[i] == 0 else { return }
    if tracked[i] { index.remove(hashes[i]) }
    tracked[i] = false
    names[i] = ""
    allocator.release(slot)
  }

  private mutating func evictLeastViewed() {
    var candidates: [(views: Int32, slot: Int)] = []
    candidates.reserveCapacity(index.count)
    for i in 0..<tracked.count where tracked[i] { candidates.append((windowViews[i], i)) }
    let victims = max(1, candidates.count / 8)
    candidates.sort { $0.views != $1.views ? $0.views < $1.views : $0.slot < $1.slot }
    for (_, i) in candidates.prefix(victims) {
      tracked[i] = false
      index.remove(hashes[i])
      evictions += 1
    }
  }

  /// The `n` tracked pages with most views, ties by name in UTF-8 byte order. `extra` adds views
  /// per slot that the running counts do not hold (the window's partial edge slot).
  func top(_ n: Int) -> [PageCount] {
    guard n > 0 else { return [] }
    // A bounded selection: keep the best n seen so far, sorted, and insert by binary search.
    var best: [(views: Int32, slot: Int)] = []
    best.reserveCapacity(n + 1)
    func precedes(_ a: (views: Int32, slot: Int), _ b: (views: Int32, slot: Int)) -> Bool {
      if a.views != b.views { return a.views > b.views }
      return names[a.slot].utf8.lexicographicallyPrecedes(names[b.slot].utf8)
    }
    for i in 0..<tracked.count where tracked[i] {
      let views = windowViews[i]
      guard views > 0 else { continue }
      let candidate = (views, i)
      if best.count == n, !precedes(candidate, best[n - 1]) { continue }
      var low = 0
      var high = best.count
      while low < high {
        let mid = (low + high) / 2
        if precedes(best[mid], candidate) { low = mid + 1 } else { high = mid }
      }
      best.insert(candidate, at: low)
      if best.count > n { best.removeLast() }
    }
    return best.map { PageCount(page: names[$0.slot], views: Int($0.views)) }
  }

  /// Distinct tracked pages with at least one view in the window.
  func distinctInWindow() -> Int {
    var n = 0
    for i in 0..<tracked.count where tracked[i] && windowViews[i] > 0 { n += 1 }
    return n
  }
}

/// Action names mapped to small ids, so that counts per action fit in a fixed array.
///
/// Ids 0, 1 and 2 are page_view, add_to_cart and purchase; other actions get ids in order of first
/// sight up to `ActionTable.capacity - 2`; any action after that is counted under the last id,
/// named "other".
struct ActionTable {
  static let capacity = 16
  static let otherID = UInt8(capacity - 1)
  private(set) var names: [String] = ["page_view", "add_to_cart", "purchase"]
  private var ids: [UInt64: UInt8] = [:]

  /// The id of a known action of kind `.other`; nil when the action is new (then call `intern`).
  @inline(__always)
  func id(hash: UInt64) -> UInt8? {
    if let id = ids[hash] { return id }
    return names.count < Self.capacity - 1 ? nil : Self.otherID
  }

  /// Gives a new action the next id.
  mutating func intern(hash: UInt64, name: String) -> UInt8 {
    let id = UInt8(names.count)
    names.append(name)
    ids[hash] = id
    return id
  }

  func name(_ id: Int) -> String {
    id < names.count ? names[id] : "other"
  }
}

/// Counts per action id (see `ActionTable`).
public struct ActionCounts: Sendable, Equatable {
  public private(set) var values = [Int](repeating: 0, count: ActionTable.capacity)
  public init() {}
  @inline(__always) public mutating func add(_ id: UInt8, _ n: Int) { values[Int(id)] += n }
  mutating func add(_ other: ActionCounts, sign: Int) {
    for i in 0..<values.count { values[i] += sign * other.values[i] }
  }
  var total: Int { values.reduce(0, +) }
}
