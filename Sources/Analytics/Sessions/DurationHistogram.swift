/// A histogram of session lengths that knows its members.
///
/// Bins are log-linear in milliseconds: one bin per millisecond below 128 ms, then 64 bins per
/// power of two, so a bin's width is at most 1/64 (1.6%) of its lower bound. A quantile is
/// reported as the middle of its bin (1 ms resolution below 128 ms), within 0.8% or 1 ms of the
/// nearest-rank value. Each bin keeps an intrusive list of its members, so the exact maximum is
/// found by scanning the highest non-empty bin only.
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
  private var binOf = RawVector<UInt16>()
  private var previous = RawVector<UInt32>()
  private var next = RawVector<UInt32>()
  private(set) var total = 0

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
      let grow = max(needed - binOf.count, binOf.count)
      binOf.append(repeating: Self.noBin, count: grow)
      previous.append(repeating: Self.none, count: grow)
      next.append(repeating: Self.none, count: grow)
    }
  }

  mutating func insert(_ member: UInt32, duration: Int64) {
    ensure(member)
    link(member, into: Self.bin(duration))
    total += 1
  }

  /// Moves `member` to the bin of its new duration.
  @inline(__always)
  mutating func update(_ member: UInt32, duration: Int64) {
    let newBin = Self.bin(duration)
    let oldBin = Int(binOf[Int(member)])
    guard newBin != oldBin else { return }
    unlink(member)
    link(member, into: newBin)
  }

  mutating func remove(_ member: UInt32) {
    unlink(member)
    binOf[Int(member)] = Self.noBin
    total -= 1
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

  /// Calls `body` with each member of the highest non-empty bin.
  func forEachInHighestBin(_ body: (UInt32) -> Void) {
    var block = blockCounts.count - 1
    while block >= 0 && blockCounts[block] == 0 { block -= 1 }
    guard block >= 0 else { return }
    var bin = (block + 1) * Self.blockSize - 1
    while counts[bin] == 0 { bin -= 1 }
    var member = heads[bin]
    while member != Self.none {
      body(member)
      member = next[Int(member)]
    }
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
    self = DurationHistogram()
  }
}
