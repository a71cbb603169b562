import TestSupport
import Testing

@testable import Analytics

@Suite struct SupportStructureTests {
  @Test func keyIndexBehavesLikeADictionary() {
    var index = KeyIndex(capacity: 4)
    var reference: [UInt64: UInt32] = [:]
    var random = RandomEvents(seed: 3)
    for step in 0..<50_000 {
      // Small key space so that inserts, hits and removals mix and probe runs wrap around.
      let key = UInt64(random.below(3000)) &* 0x9E37_79B9_7F4A_7C15 | 1
      if random.below(3) == 0 {
        #expect(index.remove(key) == reference.removeValue(forKey: key))
      } else {
        let (value, inserted) = index.findOrInsert(key) { UInt32(step) }
        if let existing = reference[key] {
          #expect(!inserted && value == existing)
        } else {
          #expect(inserted)
          reference[key] = UInt32(step)
        }
      }
      #expect(index.count == reference.count)
    }
    for (key, value) in reference { #expect(index.find(key) == value) }
  }

  @Test func timeHeapPopsInOrder() {
    var heap = TimeHeap()
    var random = RandomEvents(seed: 4)
    var values: [Int64] = []
    for i in 0..<5000 {
      let t = Int64(random.below(1000))
      heap.push(t, UInt32(i))
      values.append(t)
    }
    var popped: [Int64] = []
    while !heap.isEmpty { popped.append(heap.pop().time) }
    #expect(popped == values.sorted())
  }

  @Test func histogramBinsAreContiguousAndNarrow() {
    var previous = DurationHistogram.lowerBound(0)
    #expect(previous == 0)
    for bin in 1..<DurationHistogram.binCount {
      let bound = DurationHistogram.lowerBound(bin)
      #expect(bound > previous)
      if bin >= DurationHistogram.linearBins {
        #expect(Double(bound - previous) / Double(previous) <= 1.0 / 64 + 1e-12)
      }
      previous = bound
    }
    for micros in [0, 999, 1000, 127_999, 128_000, 129_999, 130_000, 5_000_000, 86_400_000_000] as [Int64] {
      let bin = DurationHistogram.bin(micros)
      #expect(DurationHistogram.lowerBound(bin) <= micros)
      #expect(micros < DurationHistogram.lowerBound(bin + 1))
    }
  }

  @Test func histogramQuantilesAreWithinTolerance() {
    var histogram = DurationHistogram()
    var random = RandomEvents(seed: 8)
    var values: [Int64] = []
    for member in 0..<4000 {
      let value = Int64(random.below(3_600_000)) * Int64(random.below(1000) + 1)
      histogram.insert(UInt32(member), duration: value)
      values.append(value)
    }
    // Move some members around and remove others, as sessions grow and leave.
    for member in stride(from: 0, to: 4000, by: 7) {
      let old = values[member]
      values[member] += Int64(random.below(10_000_000))
      histogram.update(UInt32(member), from: old, to: values[member])
    }
    var live = Set(0..<4000)
    for member in stride(from: 3, to: 4000, by: 5) {
      histogram.remove(UInt32(member), duration: values[member])
      live.remove(member)
    }
    let sorted = live.map { values[$0] }.sorted()
    #expect(histogram.total == sorted.count)
    for q in [0.01, 0.5, 0.9, 0.99, 1.0] {
      let exact = sorted[max(1, Int((q * Double(sorted.count)).rounded(.up))) - 1]
      let reported = DurationHistogram.representative(histogram.quantileBin(q)!)
      #expect(abs(Double(reported - exact)) <= max(Double(exact) * 0.01, 1000), "q=\(q)")
    }
    #expect(histogram.maximum { values[Int($0)] } == sorted.last)
  }

  /// The maximum against a brute-force one after every step of random churn with many ties
  /// (durations from a few values in the same bins) and growth inside and across bins.
  @Test(arguments: [1, 2, 3])
  func histogramMaximumFollowsChurn(seed: UInt64) {
    var histogram = DurationHistogram()
    var random = RandomEvents(seed: seed)
    var values: [Int64] = Array(repeating: 0, count: 300)
    var live = Set<Int>()
    for step in 0..<20_000 {
      let member = random.below(300)
      if live.contains(member) {
        if random.below(3) == 0 {
          histogram.remove(UInt32(member), duration: values[member])
          live.remove(member)
        } else {
          // Sessions only grow: sometimes by a microsecond (same bin), sometimes further.
          let old = values[member]
          values[member] += random.below(2) == 0 ? Int64(random.below(3)) : Int64(random.below(200_000))
          histogram.update(UInt32(member), from: old, to: values[member])
        }
      } else {
        values[member] = Int64(random.below(4)) * 400 + Int64(random.below(2)) * 130_000
        histogram.insert(UInt32(member), duration: values[member])
        live.insert(member)
      }
      let expected = live.map { values[$0] }.max() ?? 0
      #expect(histogram.maximum { values[Int($0)] } == expected, "step \(step)")
      if histogram.maximum(duration: { values[Int($0)] }) != expected { break }
    }
  }
}
