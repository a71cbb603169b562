import Analytics
import EventSources

/// A stream as it arrives: a growing file followed as `tail -F` does, or standard input (a
/// pipe from kcat, `tail -F`, an application). Event time is the wall clock's: snapshots are
/// taken at now. When standard input ends the clock stops there, so the dashboard keeps the
/// final state.
public final class FollowSource: ThreadedSource {
  struct State: StoppableState {
    var paused = false
    var stopped = false
    var endedAt: Micros?
    var failure: String?
  }

  private let pendingReader: Locked<LineReader?>
  private let maxLineBytes: Int
  private let kind: SourceStatus.Kind
  private let clock: any WallClock
  let shared = SharedState(State())

  public init(reader: sending LineReader, clock: any WallClock = SystemClock()) {
    kind = reader.path == "-" ? .standardInput : .follow(name: reader.path)
    maxLineBytes = reader.maxLineBytes
    self.clock = clock
    pendingReader = Locked(reader)
  }

  public var status: SourceStatus {
    let state = shared.read()
    let followState: SourceStatus.State
    if let failure = state.failure {
      followState = .failed(failure)
    } else if state.endedAt != nil {
      followState = .ended
    } else {
      followState = state.paused ? .paused : .live
    }
    return SourceStatus(kind: kind, state: followState, clock: state.endedAt ?? clock.now())
  }

  public func setPaused(_ paused: Bool) {
    shared.update { $0.paused = paused }
  }

  public func scaleSpeed(_ factor: Double) {}

  let thread = SourceThread()

  /// How long to wait at the end of a followed file before looking again.
  static let poll: Micros = 100_000

  func run(_ connection: SourceConnection) {
    guard let reader = pendingReader.withLock({ $0.take() }) else { return }
    // A quiet pipe must not keep the thread from noticing a stop (and from handing over a last
    // line that has no newline yet).
    reader.idleAfter = Self.poll
    var feeder = BatchFeeder(connection: connection, maxLineBytes: maxLineBytes)
    do {
      while true {
        let state = shared.read()
        if state.stopped {
          // The run ends here: a last line that never got its newline counts as the last line.
          for chunk in reader.finish() { feed(chunk, to: &feeder) }
          feeder.drain()
          return
        }
        if state.paused {
          SystemClock.sleep(micros: GeneratorSource.tick)
          continue
        }
        guard let chunk = try reader.next() else { break }
        if chunk == .idle {
          // A pipe's idle read has waited already; a file's end is looked at again later.
          if reader.follows { SystemClock.sleep(micros: Self.poll) }
        } else {
          feed(chunk, to: &feeder)
        }
      }
    } catch {
      feeder.drain()
      shared.update { $0.failure = error.description }
      return
    }
    feeder.drain()
    connection.engine.wait { await $0.endOfInput() }
    let end = clock.now()
    shared.update { $0.endedAt = end }
  }

  private func feed(_ chunk: LineChunk, to feeder: inout BatchFeeder) {
    switch chunk {
    case .lines(let bytes): feeder.ingest(feeder.decode(bytes))
    case .overlongLine: feeder.skipOverlongLine()
    case .idle: break
    }
  }
}
