import Analytics
import EventSources

#if canImport(Glibc)
  import Glibc
#endif

/// What a source feeds and whom it tells: the engine, the headless writer (alerts and scheduled
/// snapshots as the engine emits them), the recorder, and the report of invalid lines.
public final class SourceConnection: Sendable {
  public let engine: EngineBridge
  let outputs: (@Sendable ([EngineOutput]) -> Void)?
  let recorder: Recorder?
  let invalid: SharedState<InvalidLineReport>
  let feed: EngineFeed

  public init(
    engine: EngineBridge, outputs: (@Sendable ([EngineOutput]) -> Void)? = nil, recorder: Recorder? = nil,
    invalidReport: InvalidLineReport
  ) {
    self.engine = engine
    self.outputs = outputs
    self.recorder = recorder
    invalid = SharedState(invalidReport)
    feed = EngineFeed(engine: engine.engine, outputs: outputs)
  }

  /// The invalid-line report so far (print it with `finish()`).
  public var invalidReport: InvalidLineReport { invalid.read() }

  /// Starts `source` feeding this connection. A source that has a time before its first event
  /// (a live one: the wall clock) sets the engine's clock to it first, so that events older than
  /// the window are late from the first one on, whenever the first frame or snapshot comes. A
  /// replay has no time until it has read an event.
  public func start(_ source: any LiveSource) {
    if let time = source.status.clock { engine.wait { await $0.advance(to: time) } }
    source.start(self)
  }
}

/// Turns a source's chunks into batches for the engine, on the source's own thread.
struct BatchFeeder {
  let connection: SourceConnection
  private var decoder: LineDecoder
  private(set) var lineNumber = 1

  init(connection: SourceConnection, maxLineBytes: Int) {
    self.connection = connection
    decoder = LineDecoder(maxLineBytes: maxLineBytes)
    decoder.keepsValidLines = connection.recorder != nil
  }

  /// Decodes whole lines and notes the invalid ones (the valid ones are recorded as they are
  /// handed to the engine, by `ingest`).
  mutating func decode(_ bytes: [UInt8]) -> EventBatch {
    var batch = EventBatch(reservingCapacity: bytes.count / 200)
    lineNumber += decoder.decodeLines(bytes, firstLineNumber: lineNumber, into: &batch)
    note(batch)
    return batch
  }

  /// Blocks this large are decoded in two halves on two threads.
  static let splitSize = 1 << 18

  /// Decodes a block as `decode` does, on two threads when it is large: the second half goes to
  /// a helper thread while this one decodes the first. The batches come back in input order.
  mutating func decodeInParallel(_ bytes: [UInt8]) -> [EventBatch] {
    guard bytes.count >= Self.splitSize, Self.processors > 1 else { return [decode(bytes)] }
    // Cut after the newline nearest the middle.
    var middle = bytes.count / 2
    while middle < bytes.count && bytes[middle - 1] != 0x0A { middle += 1 }
    guard middle < bytes.count else { return [decode(bytes)] }
    if helper == nil {
      helper = HelperDecoder(maxLineBytes: decoder.maxLineBytes, keepsValidLines: decoder.keepsValidLines)
    }
    helper!.start(bytes, range: middle..<bytes.count)
    var first = EventBatch(reservingCapacity: middle / 200)
    let firstLines = decoder.decodeLines(bytes, range: 0..<middle, firstLineNumber: lineNumber, into: &first)
    var (second, secondLines) = helper!.finish()
    // The helper numbered its lines from 1; they come after this half's.
    let offset = lineNumber + firstLines - 1
    for i in second.invalidSamples.indices { second.invalidSamples[i].lineNumber += offset }
    lineNumber += firstLines + secondLines
    note(first)
    note(second)
    return [first, second]
  }

  private func note(_ batch: EventBatch) {
    if batch.invalidCount > 0 { connection.invalid.update { $0.note(batch) } }
  }

  /// Processors this process may run on (a second decoding thread only helps with two or more).
  /// (Read from /proc/self/status, which honours `taskset`; else the processors online.)
  static let processors: Int = {
    let online = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    guard let file = fopen("/proc/self/status", "r") else { return online }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, Int32(line.count), file) != nil {
      let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard text.hasPrefix("Cpus_allowed_list:") else { continue }
      // "0-1,4": count the processors in each range.
      var count = 0
      for part in text.dropFirst(18).split(separator: ",") {
        let bounds = part.split(separator: "-").compactMap { Int($0.filter(\.isNumber)) }
        if bounds.count == 2 { count += bounds[1] - bounds[0] + 1 } else if bounds.count == 1 { count += 1 }
      }
      return max(1, count)
    }
    return online
  }()

  /// The second decoding thread, started at the first large block.
  private var helper: HelperDecoder?

  /// A line too long to keep: counted as invalid, in its place among the events.
  mutating func skipOverlongLine() {
    var batch = EventBatch()
    batch.recordInvalid(line: lineNumber, reason: .lineTooLong(decoder.maxLineBytes))
    connection.invalid.update { $0.note(batch) }
    connection.feed.submit(batch)
    lineNumber += 1
  }

  /// Hands a batch to the engine (without waiting for it; see `EngineFeed`) and records its
  /// events: the recording holds what the engine was given, when it was given (a paced replay
  /// stopped part-way records what it played), with the times the engine saw (a looped replay's
  /// shifted times; see `EventBatch.linesAsIngested`).
  func ingest(_ batch: EventBatch) {
    connection.recorder?.write(batch.linesAsIngested)
    connection.feed.submit(batch)
  }

  /// Waits until everything handed over has been ingested.
  func drain() {
    connection.feed.drain()
  }
}
