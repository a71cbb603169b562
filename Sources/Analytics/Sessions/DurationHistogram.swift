/// A histogram of session lengths that knows its members.
///
/// Bins are log-linear in milliseconds: one bin per millisecond below 128 ms, then 64 bins per
/// power of two, so a bin's width is at most 1/64 (1.6%) of its lower bound. A quantile is
/// reported as the middle of its bin (1 ms resolution below 128 ms), within 0.8% or 1 ms of the
/// nearest-rank value. Each bin keeps an intrusive list of its members and its largest duration
/// with how many members have it, so the exact maximum is read from the highest non-empty bin;
/// only when the last member with that bin's maximum leaves is the bin scanned again.
struct DurationHistogram: ~Copyable {
  static let linearBins = 128
  static let subBins = 64
  /// Exponents 7 through 50 of milliseconds: up to 71,000 years, beyond any two valid timestamps.
  static let binCount = linearBins + 44 * subBins
  private static let none = UInt32.max
  private static let noBin = UInt16.max

  private(set) var counts = RawVector<Int32>(repeating: 0, count: binCount)
  /// Members per block of 64 bins, so that reading walks blocks and only then bins.
  private var blockCounts = RawVector<Int32>(repeating: 0, count: binCount / blockSize)
  static let blockSize = 64
  private var heads = RawVector<UInt32>(repeating: none, count: binCount)
  /// Per bin: the largest duration of a member, and how many members have it (0 while unknown).
  private var binMax = RawVector<Int64>(repeating: 0, count: binCount)
  private var binMaxCount = RawVector<Int32>(repeating: 0, count: binCount)
  private var binOf: RawVector<UInt16>
  private var previous: RawVector<UInt32>
  private var next: RawVector<UInt32>
  private(set) var total = 0
  let memberLimit: Int

  /// A histogram for members numbered below about `memberLimit` (more are allowed, but the
  /// per-member storage stops doubling there).
  init(memberLimit: Int = .max) {
    self.memberLimit = memberLimit
    binOf = RawVector(limit: memberLimit)
    previous = RawVector(limit: memberLimit)
    next = RawVector(limit: memberLimit)
  }

  var memoryBytes: Int {
    counts.memoryBytes + blockCounts.memoryBytes + heads.memoryBytes + binMax.memoryBytes
      + binMaxCount.memoryBytes + binOf.memoryBytes + previous.memoryBytes + next.memoryBytes
  }

  @inline(__always)
  static func bin(_ micros: Int64) -> Int {
    let ms = UInt64(max(0, micros / 1000))
    if ms < UInt64(linearBins) { return Int(ms) }
    let exponent = 63 - ms.leadingZeroBitCount  // ≥ 7
    let sub = Int((ms >> UInt64(exponent - 6)) & 63)
    return min(linearBins + (exponent - 7) * subBins + sub, binCount - 1)
  }

  /// Smallest duration (µs) that falls in `bin`.
  static func lowerBound(_ bin: Int) -> Int64 {
    if bin < linearBins { return Int64(bin) * 1000 }
    let exponent = (bin - linearBins) / subBins + 7
    let sub = Int64((bin - linearBins) % subBins)
    return ((Int64(1) << Int64(exponent)) + sub << Int64(exponent - 6)) * 1000
  }

  /// The value a quantile that lands in `bin` is reported as (µs).
  static func representative(_ bin: Int) -> Int64 {
    if bin < linearBins { return lowerBound(bin) }
    return (lowerBound(bin) + lowerBound(bin + 1)) / 2
  }

  private mutating func ensure(_ member: UInt32) {
    let needed = Int(member) + 1
    if binOf.count < needed {
      let grow = needed - binOf.count
      binOf.append(repeating: Self.noBin, count: grow)
      previous.append(repeating: Self.none, count: grow)
      next.append(repeating: Self.none, count: grow)
    }
  }

  mutating func insert(_ member: UInt32, duration: Int64) {
    ensure(member)
    let bin = Self.bin(duration)
    link(member, into: bin)
    noteAdded(duration, in: bin)
    total += 1
  }

  /// Moves `member` from the bin of its old duration to the bin of its new one.
  @inline(__always)
  mutating func update(_ member: UInt32, from old: Int64, to new: Int64) {
    let newBin = Self.bin(new)
    let oldBin = Int(binOf[Int(member)])
    guard newBin != oldBin else {
      if binMaxCount[newBin] > 0 && old == binMax[newBin] && new > old {
        // It had the maximum and now has more: the only member with the new maximum.
        binMax[newBin] = new
        binMaxCount[newBin] = 1
      } else {
        noteRemoved(old, from: newBin)
        noteAdded(new, in: newBin)
      }
      return
    }
    unlink(member)
    noteRemoved(old, from: oldBin)
    link(member, into: newBin)
    noteAdded(new, in: newBin)
  }

  mutating func remove(_ member: UInt32, duration: Int64) {
    let bin = Int(binOf[Int(member)])
    unlink(member)
    noteRemoved(duration, from: bin)
    binOf[Int(member)] = Self.noBin
    total -= 1
  }

  /// After a member with `duration` joined `bin` (counts already include it).
  @inline(__always)
  private mutating func noteAdded(_ duration: Int64, in bin: Int) {
    if counts[bin] == 1 {
      binMax[bin] = duration
      binMaxCount[bin] = 1
    } else if binMaxCount[bin] > 0 {
      if duration > binMax[bin] {
        binMax[bin] = duration
        binMaxCount[bin] = 1
      } else if duration == binMax[bin] {
        binMaxCount[bin] += 1
      }
    }
  }

  /// After a member with `duration` left `bin`: the maximum becomes unknown when the last member
  /// that had it leaves.
  @inline(__always)
  private mutating func noteRemoved(_ duration: Int64, from bin: Int) {
    if binMaxCount[bin] > 0 && duration == binMax[bin] { binMaxCount[bin] -= 1 }
  }

  private mutating func link(_ member: UInt32, into bin: Int) {
    let m = Int(member)
    binOf[m] = UInt16(bin)
    previous[m] = Self.none
    next[m] = heads[bin]
    if heads[bin] != Self.none { previous[Int(heads[bin])] = member }
    heads[bin] = member
    counts[bin] += 1
    blockCounts[bin / Self.blockSize] += 1
  }

  private mutating func unlink(_ member: UInt32) {
    let m = Int(member)
    let bin = Int(binOf[m])
    let before = previous[m]
    let after = next[m]
    if before != Self.none { next[Int(before)] = after } else { heads[bin] = after }
    if after != Self.none { previous[Int(after)] = before }
    counts[bin] -= 1
    blockCounts[bin / Self.blockSize] -= 1
  }

  /// The nearest-rank `q` quantile's bin: the smallest bin whose cumulative count reaches ⌈q·n⌉.
  func quantileBin(_ q: Double) -> Int? {
    guard total > 0 else { return nil }
    let rank = max(1, Int((q * Double(total)).rounded(.up)))
    var seen = 0
    for block in 0..<blockCounts.count {
      let inBlock = Int(blockCounts[block])
      guard seen + inBlock >= rank else {
        seen += inBlock
        continue
      }
      for bin in block * Self.blockSize..<(block + 1) * Self.blockSize {
        seen += Int(counts[bin])
        if seen >= rank { return bin }
      }
    }
    return nil
  }

  /// The largest duration of any member (0 when empty), given each member's duration; scans the
  /// highest non-empty bin only when its maximum is unknown.
  mutating func maximum(duration: (UInt32) -> Int64) -> Int64 {
    var block = blockCounts.count - 1
    while block >= 0 && blockCounts[block] == 0 { block -= 1 }
    guard block >= 0 else { return 0 }
    var bin = (block + 1) * Self.blockSize - 1
    while counts[bin] == 0 { bin -= 1 }
    if binMaxCount[bin] == 0 {
      var longest = Int64.min
      var count: Int32 = 0
      var member = heads[bin]
      while member != Self.none {
        let value = duration(member)
        if value > longest {
          longest = value
          count = 1
        } else if value == longest {
          count += 1
        }
        member = next[Int(member)]
      }
      binMax[bin] = longest
      binMaxCount[bin] = count
    }
    return binMax[bin]
  }

  /// Members whose bin lies below each bound (µs), and the rest: `bounds.count + 1` counts.
  func counts(below bounds: [Int64]) -> [Int] {
    var result = [Int](repeating: 0, count: bounds.count + 1)
    var bucket = 0
    for block in 0..<blockCounts.count where blockCounts[block] > 0 {
      for bin in block * Self.blockSize..<(block + 1) * Self.blockSize where counts[bin] > 0 {
        while bucket < bounds.count && Self.lowerBound(bin) >= bounds[bucket] { bucket += 1 }
        result[bucket] += Int(counts[bin])
      }
    }
    return result
  }

  mutating func removeAll() {
    self = DurationHistogram(memberLimit: memberLimit)
  }
}
