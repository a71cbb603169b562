import Analytics
import Dispatch
import EventSources

#if canImport(Glibc)
  import Glibc
#endif

/// `eventtop bench`: generates events in memory, then measures
/// - decoding alone, aggregation alone and both together, in this process;
/// - the real thing, `eventtop replay --headless`, in child processes on one CPU and on all of
///   them, from a file and from a pipe, with peak RSS and CPU time;
/// - the cost of one snapshot early and late in a stream, on this stream and on a dense one;
/// - peak RSS for 2,000,000 distinct users and sessions in one window (with the error of
///   active_users), and for a stream ten times longer than another of the same shape.
public enum Bench {
  public static func run(_ options: BenchOptions, print: (String) -> Void) throws(BenchError) {
    let input = generate(options)
    let megabytes = Double(input.count) / 1e6
    let processors = BatchFeeder.processors
    print(
      "eventtop bench: \(grouped(options.events)) generated events (\(Int(megabytes)) MB of JSON lines), "
        + "\(processors) CPU\(processors == 1 ? "" : "s") (\(cpuModel())), best of \(options.runs) runs")
    var table = Table(events: options.events, bytes: input.count)

    // Stages in this process.
    let chunks = split(input, chunkSize: 1 << 22)
    var configuration = options.analysis.engine
    configuration.snapshotInterval = configuration.snapshotInterval ?? 10_000_000
    let maxLineBytes = options.analysis.maxLineBytes
    var batches: [EventBatch] = []
    table.section("in this process (snapshots every 10 s of event time, JSON into memory)")
    table.add("decode, 1 thread", times(options.runs) { batches = decode(chunks, maxLineBytes: maxLineBytes) })
    if processors > 1 {
      table.add("decode, 2 threads", times(options.runs) { _ = decodeOnTwoThreads(chunks, maxLineBytes: maxLineBytes) })
    }
    table.add("aggregate, 1 thread", times(options.runs) { aggregate(batches, configuration: configuration) })
    batches = []
    table.add(
      "end to end, 1 thread",
      times(options.runs) { endToEnd(chunks, configuration: configuration, maxLineBytes: maxLineBytes) })

    // The real program, as a user runs it.
    let file = try TemporaryFile("bench", contents: input)
    defer { file.remove() }
    let arguments = ["replay", file.path, "--headless"] + options.passedOn
    table.section("eventtop replay FILE --headless > /dev/null, in a child process, page cache warm")
    table.add(
      "1 CPU",
      try children(options.runs) { () throws(BenchError) in
        try ChildProcess.run(arguments, input: .file("/dev/null"), oneCPU: true)
      })
    if processors > 1 {
      table.add(
        "\(processors) CPUs",
        try children(options.runs) { () throws(BenchError) in
          try ChildProcess.run(arguments, input: .file("/dev/null"), oneCPU: false)
        })
    }
    let shared = SharedInput(input)
    table.add(
      "from a pipe (cat FILE | eventtop replay -)",
      try children(options.runs) { () throws(BenchError) in
        try ChildProcess.run(
          ["replay", "-", "--headless"] + options.passedOn,
          input: .pipe { ChildProcess.writeAll(shared.bytes, to: $0) }, oneCPU: false)
      })
    table.print(print)

    // Snapshot cost, early and late.
    print("")
    print("snapshot cost (default window, top 10 pages, 60 s timeline; one snapshot after each 4 MB block)")
    print("  " + snapshotCost(chunks, maxLineBytes: maxLineBytes, label: "this stream"))
    let wide = wideStream(users: options.wideUsers, start: options.generator.start)
    print(
      "  " + snapshotCost(split(wide, chunkSize: 1 << 22), maxLineBytes: maxLineBytes, label: "the dense stream below"))

    // Memory.
    print("")
    print("memory (peak RSS of eventtop replay --headless in a child process)")
    print("  " + (try wideMemory(wide, users: options.wideUsers, passedOn: options.passedOn)))
    if options.longEvents > 0 {
      print("  " + (try longMemory(options)))
    }
  }

  // MARK: - Input

  static func generate(_ options: BenchOptions) -> [UInt8] {
    var generator = TrafficGenerator(configuration: options.generator)
    var input: [UInt8] = []
    input.reserveCapacity(options.events * 240)
    for _ in 0..<options.events { generator.appendLine(to: &input) }
    return input
  }

  /// `users` page views, each from its own user in its own session, 100 µs apart (so all of
  /// them fit in a 5-minute window up to 3,000,000 users).
  static func wideStream(users: Int, start: Micros) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(users * 200)
    TrafficGenerator.appendDistinctVisitors(users, start: start, spacing: 100, to: &out)
    return out
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

  // MARK: - Stages in this process

  static func decode(_ chunks: [[UInt8]], maxLineBytes: Int) -> [EventBatch] {
    var decoder = LineDecoder(maxLineBytes: maxLineBytes)
    return chunks.map { chunk in
      var batch = EventBatch(reservingCapacity: chunk.count / 200)
      decoder.decodeLines(chunk, firstLineNumber: 1, into: &batch)
      return batch
    }
  }

  /// Even blocks on this thread, odd ones on another.
  static func decodeOnTwoThreads(_ chunks: [[UInt8]], maxLineBytes: Int) -> Int {
    let odd = chunks.indices.filter { $0 % 2 == 1 }.map { chunks[$0] }
    let result = SharedState(0)
    let done = DispatchSemaphore(value: 0)
    BackgroundThread.start {
      let count = decode(odd, maxLineBytes: maxLineBytes).reduce(0) { $0 + $1.events.count }
      result.update { $0 = count }
      done.signal()
    }
    let even = chunks.indices.filter { $0 % 2 == 0 }.map { chunks[$0] }
    let count = decode(even, maxLineBytes: maxLineBytes).reduce(0) { $0 + $1.events.count }
    done.wait()
    return count + result.read()
  }

  static func aggregate(_ batches: [EventBatch], configuration: EngineConfiguration) {
    var aggregator = WindowAggregator(configuration: configuration)
    var outputs = 0
    for batch in batches { aggregator.ingest(batch) { _ in outputs += 1 } }
    _ = aggregator.finish()
    blackHole(outputs)
  }

  static func endToEnd(_ chunks: [[UInt8]], configuration: EngineConfiguration, maxLineBytes: Int) {
    var decoder = LineDecoder(maxLineBytes: maxLineBytes)
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

  /// Feeds the blocks to an aggregator with the default configuration and takes a snapshot (and
  /// the dashboard's 60-second timeline) after each; reports the first and last tenth of them.
  static func snapshotCost(_ chunks: [[UInt8]], maxLineBytes: Int, label: String) -> String {
    var decoder = LineDecoder(maxLineBytes: maxLineBytes)
    var aggregator = WindowAggregator()
    var costs: [Double] = []
    var events = 0
    let clock = ContinuousClock()
    for chunk in chunks {
      var batch = EventBatch(reservingCapacity: chunk.count / 200)
      decoder.decodeLines(chunk, firstLineNumber: 1, into: &batch)
      events += batch.events.count
      _ = aggregator.ingest(batch)
      guard let now = aggregator.now else { continue }
      let elapsed = clock.measure {
        let snapshot = aggregator.snapshot(at: now, top: 10)
        let timeline = aggregator.timeline(seconds: 60)
        blackHole(snapshot.activeUsers + timeline.series.count)
      }
      costs.append(seconds(elapsed) * 1e6)
    }
    let tenth = max(1, costs.count / 10)
    func summary(_ part: ArraySlice<Double>) -> String {
      let mean = part.reduce(0, +) / Double(max(1, part.count))
      return "mean \(Int(mean.rounded())) µs, max \(Int((part.max() ?? 0).rounded())) µs"
    }
    return
      "\(label) (\(grouped(events)) events, \(costs.count) snapshots): first tenth \(summary(costs.prefix(tenth))); "
      + "last tenth \(summary(costs.suffix(tenth)))"
  }

  // MARK: - Memory

  static func wideMemory(_ wide: [UInt8], users: Int, passedOn: [String]) throws(BenchError) -> String {
    let file = try TemporaryFile("wide", contents: wide)
    defer { file.remove() }
    let output = try TemporaryFile(empty: "wide-output")
    defer { output.remove() }
    let run = try ChildProcess.run(
      ["replay", file.path, "--headless"] + passedOn, input: .file("/dev/null"), outputPath: output.path,
      oneCPU: false)
    let last = output.read().split(separator: 0x0A).last.map { String(decoding: $0, as: UTF8.self) } ?? ""
    let active = number(after: "\"active_users\":", in: last) ?? 0
    let sessions = number(after: "\"sessions\":{\"active\":", in: last) ?? 0
    func error(_ value: Int) -> String {
      fixed(Double(abs(value - users)) / Double(users) * 100, 2) + "%"
    }
    return
      "\(grouped(users)) distinct users and sessions in one window: peak RSS \(Int(run.peakResidentMegabytes)) MB; "
      + "active_users \(grouped(active)) (error \(error(active))), active sessions \(grouped(sessions)) "
      + "(error \(error(sessions)))"
  }

  /// The same generator shape through a pipe, `longEvents / 10` and `longEvents` events long.
  static func longMemory(_ options: BenchOptions) throws(BenchError) -> String {
    var peaks: [Int: Double] = [:]
    for count in [options.longEvents / 10, options.longEvents] {
      let configuration = options.generator
      let run = try ChildProcess.run(
        ["replay", "-", "--headless"] + options.passedOn,
        input: .pipe { descriptor in
          var generator = TrafficGenerator(configuration: configuration)
          var block: [UInt8] = []
          block.reserveCapacity(1 << 20 + 4096)
          for _ in 0..<count {
            generator.appendLine(to: &block)
            if block.count >= 1 << 20 {
              guard ChildProcess.writeAll(block, to: descriptor) else { return }
              block.removeAll(keepingCapacity: true)
            }
          }
          ChildProcess.writeAll(block, to: descriptor)
        }, oneCPU: false)
      peaks[count] = run.peakResidentMegabytes
    }
    let short = peaks[options.longEvents / 10] ?? 0
    let long = peaks[options.longEvents] ?? 0
    let change = short > 0 ? (long - short) / short * 100 : 0
    return
      "generated stream from a pipe: \(grouped(options.longEvents / 10)) events peak RSS \(Int(short.rounded())) MB, "
      + "\(grouped(options.longEvents)) events \(Int(long.rounded())) MB (\(change >= 0 ? "+" : "")\(fixed(change, 1))%)"
  }

  /// The whole number right after the first `key` in `text`.
  static func number(after key: String, in text: String) -> Int? {
    let bytes = Array(text.utf8)
    let pattern = Array(key.utf8)
    guard bytes.count >= pattern.count else { return nil }
    for start in 0...(bytes.count - pattern.count) where bytes[start..<start + pattern.count].elementsEqual(pattern) {
      let digits = bytes[(start + pattern.count)...].prefix { $0 >= 0x30 && $0 <= 0x39 }
      return Int(String(decoding: digits, as: UTF8.self))
    }
    return nil
  }

  // MARK: - Timing and the table

  /// The input shared with a pipe-writing thread.
  final class SharedInput: Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
  }

  static func times(_ runs: Int, _ body: () -> Void) -> [Double] {
    let clock = ContinuousClock()
    return (0..<runs).map { _ in seconds(clock.measure(body)) }
  }

  static func children(_ runs: Int, _ body: () throws(BenchError) -> ChildRun) throws(BenchError) -> [ChildRun] {
    var results: [ChildRun] = []
    for _ in 0..<runs { results.append(try body()) }
    return results
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  struct Table {
    let events: Int
    let bytes: Int
    var lines: [String] = []

    mutating func section(_ title: String) {
      if !lines.isEmpty { lines.append("") }
      lines.append(title)
      lines.append(
        "  " + pad("", 44) + pad("events/s", 13, right: true) + pad("MB/s", 8, right: true)
          + pad("best s", 9, right: true) + pad("median s", 10, right: true) + pad("peak RSS", 10, right: true)
          + pad("CPU", 7, right: true))
    }

    mutating func add(_ name: String, _ times: [Double]) {
      row(name, times, extra: "")
    }

    mutating func add(_ name: String, _ runs: [ChildRun]) {
      guard let best = runs.min(by: { $0.seconds < $1.seconds }) else { return }
      let peak = runs.map(\.peakResidentMegabytes).max() ?? 0
      row(
        name, runs.map(\.seconds),
        extra: pad("\(Int(peak.rounded())) MB", 10, right: true)
          + pad("\(Int(best.cpuPercent.rounded()))%", 7, right: true))
    }

    private mutating func row(_ name: String, _ times: [Double], extra: String) {
      let sorted = times.sorted()
      guard let best = sorted.first else { return }
      let median = sorted[sorted.count / 2]
      lines.append(
        "  " + pad(name, 44) + pad(grouped(Int(Double(events) / best)), 13, right: true)
          + pad(String(Int(Double(bytes) / best / 1e6)), 8, right: true) + pad(fixed(best, 3), 9, right: true)
          + pad(fixed(median, 3), 10, right: true) + extra)
    }

    func print(_ print: (String) -> Void) {
      for line in lines { print(line) }
    }
  }

  /// The CPU's model name from /proc/cpuinfo.
  static func cpuModel() -> String {
    guard let file = fopen("/proc/cpuinfo", "r") else { return "unknown CPU" }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, Int32(line.count), file) != nil {
      let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") {
        return String(text[text.index(after: colon)...].drop { $0 == " " }.prefix { $0 != "\n" })
      }
    }
    return "unknown CPU"
  }

  @inline(never) static func blackHole(_ value: Int) {
    if value == -1 { Swift.print("") }
  }

  static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
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
    let scaled = Int((abs(value) * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = String(scaled % Int(scale))
    return (value < 0 && scaled > 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: decimals - fraction.count)
      + fraction
  }
}
