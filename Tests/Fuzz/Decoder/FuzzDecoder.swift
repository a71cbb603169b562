import Analytics
import FuzzSupport

/// libFuzzer target for the line decoder and the engine behind it (README, Fuzzing).
///
/// Beyond not crashing, each input must satisfy:
/// - decoding the whole input equals decoding it line by line (same events, same rejects);
/// - every line is an event, a reject or blank;
/// - a small line limit only turns lines into rejects;
/// - the engine accounts for every event: total + late + future = events decoded.
enum DecoderProperties {
  static func check(_ bytes: [UInt8]) {
    var decoder = LineDecoder()
    var whole = EventBatch()
    let lines = decoder.decodeLines(bytes, firstLineNumber: 1, into: &whole)
    FuzzMain.require(whole.events.count + whole.invalidCount <= lines, "more outcomes than lines")

    var events: [DecodedEvent] = []
    var invalid = 0
    var texts: [String] = []
    var start = 0
    while start <= bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != 0x0A { end += 1 }
      if end > start || end < bytes.count {
        var one = EventBatch()
        var lineDecoder = LineDecoder()
        lineDecoder.decodeLines(Array(bytes[start..<end]), firstLineNumber: 1, into: &one)
        events += one.events
        invalid += one.invalidCount
        texts += one.events.map { one.string($0.userText) }
      }
      start = end + 1
    }
    FuzzMain.require(
      events.count == whole.events.count && invalid == whole.invalidCount, "whole and line by line differ")
    for (a, b) in zip(events, whole.events) {
      FuzzMain.require(a.time == b.time && a.user == b.user && a.kind == b.kind, "an event differs")
      FuzzMain.require(
        a.sessionKey == b.sessionKey && a.page == b.page && a.amountMicros == b.amountMicros, "a field differs")
    }
    FuzzMain.require(texts == whole.events.map { whole.string($0.userText) }, "a user text differs")

    var small = EventBatch()
    var smallDecoder = LineDecoder(maxLineBytes: 64)
    smallDecoder.decodeLines(bytes, firstLineNumber: 1, into: &small)
    // (A long blank line is blank without the limit and too long with it.)
    FuzzMain.require(small.events.count <= whole.events.count, "a limit made events")
    FuzzMain.require(
      small.events.count + small.invalidCount >= whole.events.count + whole.invalidCount, "a limit lost lines")

    var configuration = EngineConfiguration()
    configuration.window = 60_000_000
    configuration.snapshotInterval = 10_000_000
    var aggregator = WindowAggregator(configuration: configuration)
    _ = aggregator.ingest(whole)
    if let final = aggregator.finish() {
      FuzzMain.require(final.events.total == whole.events.count, "the engine lost events")
      let added = final.events.total - final.events.late - final.events.future
      FuzzMain.require(final.events.inWindow <= added, "more in the window than added")
    } else {
      FuzzMain.require(whole.events.isEmpty, "events but no snapshot")
    }
  }
}

// libFuzzer calls this (with its own main) or `FuzzMain.run` hands the same check to its driver.
#if FUZZING
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    DecoderProperties.check(FuzzMain.bytes(data, size))
    return 0
  }
#endif

@main enum FuzzDecoderMain {
  static func main() { FuzzMain.run(DecoderProperties.check) }
}
