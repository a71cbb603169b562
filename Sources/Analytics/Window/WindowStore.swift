/// The additive part of the window: events, actions, purchases and page views, by event time.
///
/// Events are kept as compact records in one-second slots; slot k holds times in (k·g, (k+1)·g],
/// g = `slotWidth`. Running totals cover the slots that lie wholly inside the window
/// (T − W, T]; at most one slot straddles the lower edge, and a snapshot scans its records to add
/// those after T − W. So every count is exact at any T, to the microsecond, and the work per
/// event is constant. Slots are kept while any of their time is inside the retention span
/// (T − R, T], R ≥ W, so that the window can be widened up to R at once.
///
/// Memory: a slot can be *compacted* — its records replaced by its page views per page (its
/// action counts and revenue are kept anyway). A compacted slot counts exactly while it lies
/// wholly inside or outside the window; when it straddles the edge it counts whole if the edge
/// lies in its first half, else not at all (so an error of at most half a second's events).
/// Slots that only the retention keeps (wholly before the window edge) are compacted as they
/// leave the window, so memory follows the window, not R; and when more than `recordLimit`
/// records are held, the oldest slots are compacted (counted in `compactedByLimit`).
struct WindowStore: ~Copyable {
  static let slotWidth: Micros = 1_000_000

  /// One record per event: 16 bytes. Purchase amounts live beside, in `Slot.amounts`.
  struct Record {
    var time: Micros
    var page: UInt32
    var action: UInt8
  }

  struct Slot {
    var index: Int64
    /// Events in the slot (records, or what compaction summed up).
    var count = 0
    var records: [Record] = []
    /// A compacted slot's page views (no records then): (page slot, views), by page slot, in
    /// 8 bytes a page.
    var pageViews: [PageViews]? = nil
    /// Amounts of the slot's purchase records, in record order.
    var amounts: [Int64] = []
    var actions = ActionCounts()
    var purchases = 0
    var revenue: Int128 = 0
  }

  struct PageViews {
    var page: UInt32
    var views: Int32
  }

  /// Window totals over the slots counted in full.
  struct Totals {
    var events = 0
    var actions = ActionCounts()
    var purchases = 0
    var revenue: Int128 = 0
  }

  private(set) var slots: [Slot] = []
  private var head = 0
  /// Slots with index ≥ firstFull are in `totals`.
  private(set) var firstFull: Int64 = .min
  private(set) var totals = Totals()
  var pages: PageTable
  var actionNames = ActionTable()
  private(set) var recordCount = 0
  /// Emptied record arrays of dropped slots, for new slots to reuse.
  private var spareRecords: [[Record]] = []
  /// Records kept at most before the oldest slots are compacted.
  let recordLimit: Int
  /// Slots compacted because of `recordLimit`, since the start.
  private(set) var compactedByLimit = 0
  /// Slots before this index are compacted, or may be (see `compactOldest`).
  private var compactedBelow: Int64 = .min

  /// Whether slots wholly before the window edge are compacted as they leave the window.
  let compactsRetained: Bool

  init(pageCapacity: Int, recordLimit: Int = 8 << 20, compactsRetained: Bool = true) {
    pages = PageTable(capacity: pageCapacity)
    self.recordLimit = max(1, recordLimit)
    self.compactsRetained = compactsRetained
  }

  @inline(__always)
  static func slotIndex(_ time: Micros) -> Int64 {
    Timestamp.floorDiv(time - 1, slotWidth)
  }

  @inline(__always)
  static func firstFullSlot(windowEdge: Micros) -> Int64 {
    -Timestamp.floorDiv(-windowEdge, slotWidth)
  }

  var liveSlots: ArraySlice<Slot> { slots[head...] }

  var memoryBytes: Int {
    var bytes = pages.memoryBytes
    for slot in slots[head...] {
      bytes += slot.records.capacity * 16 + slot.amounts.capacity * 8 + (slot.pageViews?.capacity ?? 0) * 8 + 200
    }
    for records in spareRecords { bytes += records.capacity * 16 }
    return bytes
  }

  // MARK: - Adding

  /// Adds one event; `time` must be after the current window edge.
  @inline(__always)
  mutating func add(time: Micros, action: UInt8, page: UInt32, amount: Int64) {
    let index = Self.slotIndex(time)
    let position = position(forSlot: index)
    slots[position].count += 1
    slots[position].actions.add(action, 1)
    if action == 2 {
      slots[position].purchases += 1
      slots[position].revenue += Int128(amount)
    }
    if slots[position].pageViews == nil {
      slots[position].records.append(Record(time: time, page: page, action: action))
      if action == 2 { slots[position].amounts.append(amount) }
      recordCount += 1
      if recordCount > recordLimit { compactOldest() }
    } else if action == 0 {
      // An event out of order in a compacted second.
      let views = slots[position].pageViews!
      var low = 0
      var high = views.count
      while low < high {
        let mid = (low + high) / 2
        if views[mid].page < page { low = mid + 1 } else { high = mid }
      }
      if low < views.count && views[low].page == page {
        slots[position].pageViews![low].views += 1
      } else {
        slots[position].pageViews!.insert(PageViews(page: page, views: 1), at: low)
      }
    }
    if index >= firstFull {
      totals.events += 1
      totals.actions.add(action, 1)
      if action == 0 { pages.addViews(page, 1) }
      if action == 2 {
        totals.purchases += 1
        totals.revenue += Int128(amount)
      }
    }
  }

  /// The array position of slot `index`, creating the slot if needed.
  @inline(__always)
  private mutating func position(forSlot index: Int64) -> Int {
    if let last = slots.last, head < slots.count {
      if last.index == index { return slots.count - 1 }
      if last.index < index {
        slots.append(newSlot(index))
        return slots.count - 1
      }
    } else {
      slots.append(newSlot(index))
      return slots.count - 1
    }
    // An out-of-order event: find or insert its slot.
    let low = firstPosition(atLeast: index)
    if low < slots.count && slots[low].index == index { return low }
    slots.insert(newSlot(index), at: low)
    return low
  }

  /// A slot for `index`, with the record storage of a dropped slot when there is one (so that a
  /// steady stream allocates and grows no arrays).
  private mutating func newSlot(_ index: Int64) -> Slot {
    var slot = Slot(index: index)
    if let records = spareRecords.popLast() { slot.records = records }
    return slot
  }

  // MARK: - Compaction

  /// Takes a slot's record storage for a new slot to reuse (a few are kept), leaving it empty: a
  /// steady stream then allocates no record arrays, and the heap does not fragment between them.
  private mutating func recycle(recordsOf position: Int) {
    var taken: [Record] = []
    swap(&taken, &slots[position].records)
    guard spareRecords.count < 4 else { return }
    taken.removeAll(keepingCapacity: true)
    spareRecords.append(taken)
  }

  /// Replaces the records of the slot at `position` by its page views.
  private mutating func compact(_ position: Int) {
    guard slots[position].pageViews == nil else { return }
    var counts: [UInt32: Int32] = [:]
    for record in slots[position].records where record.action == 0 { counts[record.page, default: 0] += 1 }
    recordCount -= slots[position].records.count
    recycle(recordsOf: position)
    slots[position].amounts = []
    slots[position].pageViews = counts.map { PageViews(page: $0.key, views: $0.value) }.sorted { $0.page < $1.page }
  }

  /// Compacts the oldest slots with records until at most `recordLimit` records are held.
  private mutating func compactOldest() {
    var position = head
    while recordCount > recordLimit && position < slots.count {
      if slots[position].pageViews == nil && !slots[position].records.isEmpty {
        compact(position)
        compactedByLimit += 1
      }
      position += 1
    }
  }

  // MARK: - Moving the edges

  /// Moves the lower window edge to `windowEdge` (either way) and drops slots wholly at or before
  /// `retentionEdge`.
  mutating func setEdges(windowEdge: Micros, retentionEdge: Micros) {
    let newFirstFull = Self.firstFullSlot(windowEdge: windowEdge)
    if newFirstFull != firstFull {
      let (low, high, sign) =
        newFirstFull > firstFull ? (firstFull, newFirstFull, -1) : (newFirstFull, firstFull, 1)
      for i in head..<slots.count where slots[i].index >= low && slots[i].index < high {
        apply(slots[i], sign: sign)
      }
      firstFull = newFirstFull
    }
    // Slots kept only for a wider window (wholly before the edge slot) need no records.
    if compactsRetained && retentionEdge < windowEdge {
      let edgeSlot = firstFull - 1
      var position = firstPosition(atLeast: compactedBelow)
      while position < slots.count && slots[position].index < edgeSlot {
        if slots[position].index >= compactedBelow { compact(position) }
        position += 1
      }
      compactedBelow = max(compactedBelow, edgeSlot)
    }
    let keepFrom = Timestamp.floorDiv(retentionEdge, Self.slotWidth)
    while head < slots.count && slots[head].index < keepFrom {
      if slots[head].index >= firstFull { apply(slots[head], sign: -1) }
      if let views = slots[head].pageViews {
        for entry in views { pages.release(entry.page, count: entry.views) }
      } else {
        for record in slots[head].records where record.action == 0 { pages.release(record.page, count: 1) }
      }
      recordCount -= slots[head].records.count
      recycle(recordsOf: head)
      slots[head] = Slot(index: 0)
      head += 1
    }
    if head > 64 && head * 2 > slots.count {
      slots.removeFirst(head)
      head = 0
    }
  }

  /// The position of the first live slot with index ≥ `index`.
  private func firstPosition(atLeast index: Int64) -> Int {
    var low = head
    var high = slots.count
    while low < high {
      let mid = (low + high) / 2
      if slots[mid].index < index { low = mid + 1 } else { high = mid }
    }
    return low
  }

  private mutating func apply(_ slot: Slot, sign: Int) {
    totals.events += sign * slot.count
    totals.actions.add(slot.actions, sign: sign)
    totals.purchases += sign * slot.purchases
    totals.revenue += Int128(sign) * slot.revenue
    let delta = Int32(sign)
    if let views = slot.pageViews {
      for entry in views { pages.addViews(entry.page, delta * entry.views) }
    } else {
      for record in slot.records where record.action == 0 { pages.addViews(record.page, delta) }
    }
  }

  // MARK: - Reading

  /// The part of the window that the running totals leave out: records of the slot that
  /// straddles `windowEdge` with time after it.
  struct EdgePart {
    var totals = Totals()
    var pageViews: [UInt32: Int32] = [:]
  }

  func edgePart(windowEdge: Micros) -> EdgePart {
    var part = EdgePart()
    guard windowEdge % Self.slotWidth != 0 else { return part }
    let edgeIndex = firstFull - 1
    let low = firstPosition(atLeast: edgeIndex)
    guard low < slots.count, slots[low].index == edgeIndex else { return part }
    let slot = slots[low]
    if let views = slot.pageViews {
      // Compacted: whole when the edge lies in the slot's first half (see the type's comment).
      guard windowEdge - Timestamp.floorDiv(windowEdge, Self.slotWidth) * Self.slotWidth < Self.slotWidth / 2 else {
        return part
      }
      part.totals.events = slot.count
      part.totals.actions = slot.actions
      part.totals.purchases = slot.purchases
      part.totals.revenue = slot.revenue
      for entry in views { part.pageViews[entry.page] = entry.views }
      return part
    }
    var purchaseOrdinal = 0
    for record in slot.records {
      let isPurchase = record.action == 2
      defer { if isPurchase { purchaseOrdinal += 1 } }
      guard record.time > windowEdge else { continue }
      part.totals.events += 1
      part.totals.actions.add(record.action, 1)
      if record.action == 0 { part.pageViews[record.page, default: 0] += 1 }
      if isPurchase {
        part.totals.purchases += 1
        part.totals.revenue += Int128(slot.amounts[purchaseOrdinal])
      }
    }
    return part
  }

  /// Events per slot for the `count` slots ending with the one that holds `time`, oldest first,
  /// with the count per action id.
  func timeline(endingAt time: Micros, count: Int) -> [ActionCounts] {
    let last = Self.slotIndex(time)
    var series = [ActionCounts](repeating: ActionCounts(), count: count)
    for slot in slots[head...] {
      let offset = Int(slot.index - (last - Int64(count) + 1))
      if offset >= 0 && offset < count { series[offset] = slot.actions }
    }
    return series
  }

  mutating func removeAll() {
    let capacity = pages.capacity
    let (limit, compacts) = (recordLimit, compactsRetained)
    self = WindowStore(pageCapacity: capacity, recordLimit: limit, compactsRetained: compacts)
  }
}
