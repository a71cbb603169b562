/// The additive part of the window: events, actions, purchases and page views, by event time.
///
/// Events are kept as compact records in one-second slots; slot k holds times in (k·g, (k+1)·g],
/// g = `slotWidth`. Running totals cover the slots that lie wholly inside the window
/// (T − W, T]; at most one slot straddles the lower edge, and a snapshot scans its records to add
/// those after T − W. So every count is exact at any T, to the microsecond, and the work per
/// event is constant. Slots are kept while any of their time is inside the retention span
/// (T − R, T], R ≥ W, so that the window can be widened up to R at once.
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
    var records: [Record] = []
    /// Amounts of the slot's purchase records, in record order.
    var amounts: [Int64] = []
    var actions = ActionCounts()
    var purchases = 0
    var revenue: Int128 = 0
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

  init(pageCapacity: Int) {
    pages = PageTable(capacity: pageCapacity)
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
    for slot in slots[head...] { bytes += slot.records.capacity * 16 + slot.amounts.capacity * 8 + 200 }
    for records in spareRecords { bytes += records.capacity * 16 }
    return bytes
  }

  // MARK: - Adding

  /// Adds one event; `time` must be after the current window edge.
  @inline(__always)
  mutating func add(time: Micros, action: UInt8, page: UInt32, amount: Int64) {
    let index = Self.slotIndex(time)
    let position = position(forSlot: index)
    slots[position].records.append(Record(time: time, page: page, action: action))
    slots[position].actions.add(action, 1)
    if action == 2 {
      slots[position].amounts.append(amount)
      slots[position].purchases += 1
      slots[position].revenue += Int128(amount)
    }
    recordCount += 1
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
    var low = head
    var high = slots.count
    while low < high {
      let mid = (low + high) / 2
      if slots[mid].index < index { low = mid + 1 } else { high = mid }
    }
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
    let keepFrom = Timestamp.floorDiv(retentionEdge, Self.slotWidth)
    while head < slots.count && slots[head].index < keepFrom {
      if slots[head].index >= firstFull { apply(slots[head], sign: -1) }
      for record in slots[head].records where record.action == 0 { pages.release(record.page) }
      recordCount -= slots[head].records.count
      var records = slots[head].records
      slots[head] = Slot(index: 0)
      if spareRecords.count < 4 {
        records.removeAll(keepingCapacity: true)
        spareRecords.append(records)
      }
      head += 1
    }
    if head > 64 && head * 2 > slots.count {
      slots.removeFirst(head)
      head = 0
    }
  }

  private mutating func apply(_ slot: Slot, sign: Int) {
    totals.events += sign * slot.records.count
    totals.actions.add(slot.actions, sign: sign)
    totals.purchases += sign * slot.purchases
    totals.revenue += Int128(sign) * slot.revenue
    let delta = Int32(sign)
    for record in slot.records where record.action == 0 { pages.addViews(record.page, delta) }
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
    var low = head
    var high = slots.count
    while low < high {
      let mid = (low + high) / 2
      if slots[mid].index < edgeIndex { low = mid + 1 } else { high = mid }
    }
    guard low < slots.count, slots[low].index == edgeIndex else { return part }
    let slot = slots[low]
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
    self = WindowStore(pageCapacity: capacity)
  }
}
