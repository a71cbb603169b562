import Analytics
import EventSources

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `eventtop bench`: generates events in memory, then times decoding alone, aggregation alone and
/// the whole headless path (decode, aggregate, snapshots every 10 s of event time, JSON output
/// into memory).
public enum Bench {
  public struct Result: Sendable {
    public var name: String
    public var events: Int
    public var bytes: Int
    public var seconds: Double
    public var eventsPerSecond: Double { Double(events) / seconds }
    public var megabytesPerSecond: Double { Double(bytes) / seconds / 1e6 }
  }

  public static func run(_ options: BenchOptions, print: (String) -> Void) {
    var generator = TrafficGenerator(configuration: options.generator)
    var input: [UInt8] = []
    input.reserveCapacity(options.events * 260)
    for _ in 0..<options.events { generator.appendLine(to: &input) }
    let chunks = split(input, chunkSize: 1 << 22)
    print("eventtop bench: \(options.events) generated events, \(input.count / 1_000_000) MB of JSON lines")
    print("")

    var batches: [EventBatch] = []
    let decode = measure("decode", events: options.events, bytes: input.count) {
      var decoder = LineDecoder(maxLineBytes: options.analysis.maxLineBytes)
      batches = chunks.map { chunk in
        var batch = EventBatch(reservingCapacity: chunk.count / 200)
        decoder.decodeLines(chunk, firstLineNumber: 1, into: &batch)
        return batch
      }
    }
    var configuration = options.analysis.engine
    configuration.snapshotInterval = configuration.snapshotInterval ?? 10_000_000
    let aggregate = measure("aggregate", events: options.events, bytes: input.count) {
      var aggregator = WindowAggregator(configuration: configuration)
      var outputs = 0
      for batch in batches { aggregator.ingest(batch) { _ in outputs += 1 } }
      _ = aggregator.finish()
      blackHole(outputs)
    }
    batches = []
    let endToEnd = measure("end to end", events: options.events, bytes: input.count) {
      var decoder = LineDecoder(maxLineBytes: options.analysis.maxLineBytes)
      var aggregator = WindowAggregator(configuration: configuration)
      var out: [UInt8] = []
      for chunk in chunks {
        var batch = EventBatch(reservingCapacity: chunk.count / 200)
        decoder.decodeLines(chunk, firstLineNumber: 1, into: &batch)
        aggregator.ingest(batch) { JSONOutput.append($0, to: &out) }
        if out.count > 1 << 20 { out.removeAll(keepingCapacity: true) }
      }
      if let final = aggregator.finish() { JSONOutput.append(final, to: &out) }
      blackHole(out.count)
    }
    print(pad("stage", 14) + pad("events/s", 14) + pad("MB/s", 10) + "seconds")
    for result in [decode, aggregate, endToEnd] {
      print(
        pad(result.name, 14) + pad(grouped(Int(result.eventsPerSecond)), 14)
          + pad(String(Int(result.megabytesPerSecond)), 10) + fixed(result.seconds, 3))
    }
    print("")
    print("peak RSS: \(peakResidentMegabytes()) MB")
  }

  static func split(_ input: [UInt8], chunkSize: Int) -> [[UInt8]] {
    var chunks: [[UInt8]] = []
    var start = 0
    while start < input.count {
      var end = min(start + chunkSize, input.count)
      while end < input.count && input[end - 1] != 0x0A { end += 1 }
      chunks.append(Array(input[start..<end]))
      start = end
    }
    return chunks
  }

  static func measure(_ name: String, events: Int, bytes: Int, _ body: () -> Void) -> Result {
    let clock = ContinuousClock()
    let elapsed = clock.measure(body)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return Result(name: name, events: events, bytes: bytes, seconds: seconds)
  }

  /// Peak resident set size of this process in MB (from /proc/self/status VmHWM).
  public static func peakResidentMegabytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
      let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if text.hasPrefix("VmHWM:") {
        let digits = text.filter(\.isNumber)
        return (Int(digits) ?? 0) / 1024
      }
    }
    return 0
  }

  @inline(never) static func blackHole(_ value: Int) {
    if value == -1 { Swift.print("") }
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
  }

  static func grouped(_ value: Int) -> String {
    var digits = Array(String(value))
    var i = digits.count - 3
    while i > 0 {
      digits.insert(",", at: i)
      i -= 3
    }
    return String(digits)
  }

  static func fixed(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = String(scaled % Int(scale))
    return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
  }
}
