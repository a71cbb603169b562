import Analytics
import EventSources

/// A recording played back at its own pace: events are handed to the engine when the replay
/// clock reaches their timestamps, and the clock runs at `speed` times the wall clock
/// (infinity: as fast as possible). The dashboard's clock is the replay clock, not the wall's.
/// With `loop`, the recording starts again at its end, its times shifted on by its length (plus
/// a second) so that the windows keep sliding forward.
public final class ReplaySource: ThreadedSource {
  struct State: StoppableState {
    var paused = false
    var stopped = false
    var speed: Double
    /// The replay clock read `anchorEvent` at monotonic time `anchorWall`.
    var anchorWall: Micros = 0
    var anchorEvent: Micros?
    var finished = false
    var failure: String?
    var progress: Double?
    /// Times the recording started again.
    var loops = 0
  }

  /// The reader, until the source's thread takes it: only that thread reads.
  private let pendingReader: Locked<LineReader?>
  private let path: String
  private let fileSize: Int?
  private let maxLineBytes: Int
  private let loop: Bool
  private let kind: SourceStatus.Kind
  let shared: SharedState<State>

  /// Speeds `+` and `-` move between.
  public static let slowest = 1.0 / 64
  public static let fastest = 1_048_576.0

  public init(reader: sending LineReader, speed: Double, loop: Bool = false) {
    kind = reader.path == "-" ? .standardInput : .file(name: reader.path)
    path = reader.path
    fileSize = reader.size
    maxLineBytes = reader.maxLineBytes
    self.loop = loop
    pendingReader = Locked(reader)
    shared = SharedState(State(speed: speed))
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
    return SourceStatus(
      kind: kind, state: replayState, progress: state.progress, clock: Self.clock(state, at: SystemClock.monotonic()),
      loops: state.loops, speed: state.speed)
  }

  /// The replay clock: frozen while paused; nil at full speed and at the end, where the engine's
  /// own time (the latest accepted event) is the clock. (The largest timestamp read is not: it
  /// may be a lone far-future event that the engine set aside.)
  static func clock(_ state: State, at wall: Micros) -> Micros? {
    if state.finished || !state.speed.isFinite { return nil }
    guard let anchor = state.anchorEvent else { return nil }
    if state.paused { return anchor }
    let elapsed = Double(wall - state.anchorWall) * state.speed
    return anchor + Micros(min(elapsed, 1e17))
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
        state.speed *= factor
        state.speed = state.speed > Self.fastest ? .infinity : max(Self.slowest, state.speed)
      } else if factor < 1 {
        state.speed = Self.fastest / 2
      }
    }
  }

  let thread = SourceThread()

  func run(_ connection: SourceConnection) {
    guard var reader = pendingReader.withLock({ $0.take() }) else { return }
    var feeder = BatchFeeder(connection: connection, maxLineBytes: maxLineBytes)
    var offset: Micros = 0
    var first: Micros?
    var last: Micros?
    var released = 0
    do {
      while true {
        guard let chunk = try reader.next() else {
          guard loop, let start = first, let end = last, !shared.read().stopped else { break }
          // Play again, shifted on so the clock and the windows keep moving forward.
          offset += end - start + 1_000_000
          first = nil
          last = nil
          released = 0
          reader = try LineReader(path: path, maxLineBytes: maxLineBytes)
          shared.update { $0.loops += 1 }
          continue
        }
        switch chunk {
        case .overlongLine:
          feeder.skipOverlongLine()
        case .idle:
          SystemClock.sleep(micros: 100_000)
        case .lines(let bytes):
          // As fast as possible, decoding runs on two threads; paced, one is plenty.
          let batches = shared.read().speed.isInfinite ? feeder.decodeInParallel(bytes) : [feeder.decode(bytes)]
          var done = 0
          for var batch in batches {
            batch.shiftTimes(by: offset)
            if loop {
              for event in batch.events {
                first = min(first ?? event.time, event.time)
                last = max(last ?? event.time, event.time)
              }
            }
            let size = batch.byteCount
            guard release(batch, feeder: feeder, bytesBefore: released + done, bytes: size) else { return }
            done += size
          }
          released += bytes.count
        }
      }
    } catch {
      feeder.drain()
      shared.update { $0.failure = error.description }
      return
    }
    // Finished only once the engine has everything, so a final snapshot sees it all.
    feeder.drain()
    connection.engine.wait { await $0.endOfInput() }
    shared.update { state in
      state.finished = true
      if state.progress != nil { state.progress = 1 }
    }
  }

  /// Hands `batch` over as the replay clock reaches its events. False when asked to stop.
  private func release(_ batch: EventBatch, feeder: BatchFeeder, bytesBefore: Int, bytes: Int) -> Bool {
    let events = batch.events
    if shared.read().speed.isInfinite || events.isEmpty {
      // As fast as possible: the whole batch at once, no copy.
      feeder.ingest(batch)
      note(bytes: bytesBefore + bytes)
      return !shared.read().stopped
    }
    var index = 0
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
      guard end > index else {
        // Sleep until the next event is due, but wake often enough to notice keys.
        let due = Double(events[index].time - now) / state.speed
        SystemClock.sleep(micros: min(GeneratorSource.tick, max(500, Micros(due))))
        continue
      }
      feeder.ingest(batch.slice(index..<end))
      note(bytes: bytesBefore + bytes * end / events.count)
      index = end
    }
    return true
  }

  private func note(bytes: Int) {
    guard let fileSize, fileSize > 0 else { return }
    shared.update { $0.progress = min(1, Double(bytes) / Double(fileSize)) }
  }
}
