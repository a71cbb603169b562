import Analytics
import EventSources
import Synchronization

/// A recording played back at its own pace: events are handed to the engine when the replay
/// clock reaches their timestamps, and the clock runs at `speed` times the wall clock
/// (infinity: as fast as possible). The dashboard's clock is the replay clock, not the wall's.
public final class ReplaySource: LiveSource {
  struct State: Sendable {
    var paused = false
    var stopped = false
    var speed: Double
    /// The replay clock read `anchorEvent` at monotonic time `anchorWall`.
    var anchorWall: Micros = 0
    var anchorEvent: Micros?
    var finished = false
    var failure: String?
    var progress: Double?
    var bytesRead = 0
    var latest: Micros?
    var invalid = InvalidLineReport(source: "", printer: { _ in })
    var invalidLines: [InvalidLine] = []
  }

  /// The reader, until the source's thread takes it: only that thread reads.
  private let pendingReader: Mutex<LineReader?>
  private let fileSize: Int?
  private let maxLineBytes: Int
  private let kind: SourceStatus.Kind
  private let shared: SharedState<State>
  private let tap: (@Sendable ([UInt8]) -> Void)?

  /// Speeds `+` and `-` move between.
  public static let slowest = 1.0 / 64
  public static let fastest = 1_048_576.0

  public init(reader: sending LineReader, speed: Double, tap: (@Sendable ([UInt8]) -> Void)? = nil) {
    kind = reader.path == "-" ? .standardInput : .file(name: reader.path)
    fileSize = reader.size
    maxLineBytes = reader.maxLineBytes
    pendingReader = Mutex(reader)
    shared = SharedState(State(speed: speed))
    self.tap = tap
  }

  /// The first rejected lines and their count, for the report after the dashboard closes.
  public var invalidLines: (samples: [InvalidLine], total: Int) {
    let state = shared.read()
    return (state.invalidLines, state.invalid.total)
  }

  public var status: SourceStatus {
    let state = shared.read()
    let replayState: SourceStatus.State
    if let failure = state.failure {
      replayState = .failed(failure)
    } else if state.finished {
      replayState = .finished
    } else if state.paused {
      replayState = .paused
    } else {
      replayState = .replaying(speed: state.speed)
    }
    var status = SourceStatus(
      kind: kind, state: replayState, progress: state.progress, clock: Self.clock(state, at: SystemClock.monotonic()))
    status.bytesRead = state.bytesRead
    return status
  }

  /// The replay clock: frozen while paused and at the end, the latest event time at full speed.
  static func clock(_ state: State, at wall: Micros) -> Micros? {
    if state.finished || !state.speed.isFinite { return state.latest }
    guard let anchor = state.anchorEvent else { return nil }
    if state.paused { return anchor }
    let elapsed = Double(wall - state.anchorWall) * state.speed
    let now = anchor + Micros(min(elapsed, 1e17))
    return max(now, state.latest ?? now)
  }

  public func setPaused(_ paused: Bool) {
    let wall = SystemClock.monotonic()
    shared.update { state in
      guard state.paused != paused else { return }
      state.anchorEvent = Self.clock(state, at: wall)
      state.anchorWall = wall
      state.paused = paused
    }
  }

  public func scaleSpeed(_ factor: Double) {
    let wall = SystemClock.monotonic()
    shared.update { state in
      state.anchorEvent = Self.clock(state, at: wall)
      state.anchorWall = wall
      if state.speed.isFinite {
        state.speed = state.speed * factor
        state.speed = state.speed > Self.fastest ? .infinity : max(Self.slowest, state.speed)
      } else if factor < 1 {
        state.speed = Self.fastest / 2
      }
    }
  }

  public func stop() {
    shared.update { $0.stopped = true }
  }

  public func start(engine: EngineBridge) {
    BackgroundThread.start { [self] in run(engine) }
  }

  private func run(_ engine: EngineBridge) {
    guard let reader = pendingReader.withLock({ $0.take() }) else { return }
    var decoder = LineDecoder(maxLineBytes: maxLineBytes)
    var lineNumber = 1
    var released = 0
    do {
      while let chunk = try reader.next() {
        switch chunk {
        case .overlongLine:
          let line = InvalidLine(lineNumber: lineNumber, reason: .lineTooLong(maxLineBytes))
          noteInvalid([line], count: 1)
          engine.wait { await $0.countInvalid(1) }
          lineNumber += 1
        case .lines(let bytes):
          tap?(bytes)
          var batch = EventBatch(reservingCapacity: bytes.count / 200)
          lineNumber += bytes.withUnsafeBytes { decoder.decodeLines($0, firstLineNumber: lineNumber, into: &batch) }
          noteInvalid(batch.invalidSamples, count: batch.invalidCount)
          guard release(batch, engine: engine, bytesBefore: released, bytes: bytes.count) else { return }
          released += bytes.count
        }
      }
    } catch {
      shared.update { $0.failure = error.description }
      return
    }
    shared.update { state in
      state.finished = true
      state.progress = state.progress == nil ? nil : 1
    }
  }

  private func noteInvalid(_ samples: [InvalidLine], count: Int) {
    guard count > 0 else { return }
    shared.update { state in
      for sample in samples where state.invalidLines.count < InvalidLineReport.shownLimit {
        state.invalidLines.append(sample)
      }
      var batch = EventBatch()
      batch.invalidCount = count
      state.invalid.note(batch)
    }
  }

  /// Hands `batch` over as the replay clock reaches its events. False when asked to stop.
  private func release(_ batch: EventBatch, engine: EngineBridge, bytesBefore: Int, bytes: Int) -> Bool {
    let events = batch.events
    var index = 0
    var carryInvalid = true
    if events.isEmpty {
      engine.wait { [batch] in _ = await $0.ingest(batch) }
      return !shared.read().stopped
    }
    while index < events.count {
      let wall = SystemClock.monotonic()
      let state = shared.update { state -> State in
        if state.anchorEvent == nil {
          state.anchorEvent = events[index].time
          state.anchorWall = wall
        }
        return state
      }
      if state.stopped { return false }
      if state.paused {
        SystemClock.sleep(micros: GeneratorSource.tick)
        continue
      }
      let now = Self.clock(state, at: wall) ?? events[index].time
      var end = index
      while end < events.count && end - index < GeneratorSource.maxBatch
        && (events[end].time <= now || !state.speed.isFinite)
      {
        end += 1
      }
      if end > index {
        let part = batch.slice(index..<end, carryingInvalid: carryInvalid)
        carryInvalid = false
        engine.wait { [part] in _ = await $0.ingest(part) }
        let latest = events[index..<end].map(\.time).max()!
        let fileSize = self.fileSize
        let done = end
        shared.update { state in
          state.latest = max(state.latest ?? latest, latest)
          state.bytesRead = bytesBefore + bytes * done / events.count
          if let fileSize, fileSize > 0 { state.progress = min(1, Double(state.bytesRead) / Double(fileSize)) }
        }
        index = end
      } else {
        // Sleep until the next event is due, but wake often enough to notice keys.
        let due = Double(events[index].time - now) / state.speed
        SystemClock.sleep(micros: min(GeneratorSource.tick, max(500, Micros(due))))
      }
    }
    return true
  }
}
