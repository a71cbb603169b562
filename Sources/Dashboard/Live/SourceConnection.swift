import Analytics
import EventSources

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

  /// Decodes whole lines, notes the invalid ones and records the valid ones.
  mutating func decode(_ bytes: [UInt8]) -> EventBatch {
    var batch = EventBatch(reservingCapacity: bytes.count / 200)
    lineNumber += decoder.decodeLines(bytes, firstLineNumber: lineNumber, into: &batch)
    if batch.invalidCount > 0 { connection.invalid.update { $0.note(batch) } }
    connection.recorder?.write(batch.validLines)
    return batch
  }

  /// A line too long to keep: counted as invalid, in its place among the events.
  mutating func skipOverlongLine() {
    var batch = EventBatch()
    batch.recordInvalid(line: lineNumber, reason: .lineTooLong(decoder.maxLineBytes))
    connection.invalid.update { $0.note(batch) }
    connection.feed.submit(batch)
    lineNumber += 1
  }

  /// Hands a batch to the engine (without waiting for it; see `EngineFeed`).
  func ingest(_ batch: EventBatch) {
    connection.feed.submit(batch)
  }

  /// Waits until everything handed over has been ingested.
  func drain() {
    connection.feed.drain()
  }
}
