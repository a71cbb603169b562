import Analytics
import EventSources

/// The built-in traffic generator, live: event time is the wall clock, `rate` events a second,
/// written as JSON lines and decoded like any other input (so the dashboard shows exactly what
/// a replay of the same lines would, and `--record` writes those lines).
public final class GeneratorSource: ThreadedSource {
  struct State: StoppableState {
    var paused = false
    var stopped = false
    /// Wall time spent paused, by which event times are shifted so the stream resumes smoothly.
    var pausedTotal: Micros = 0
    var pauseStarted: Micros?
  }

  private let configuration: TrafficGenerator.Configuration
  private let clock: any WallClock
  let shared = SharedState(State())

  public init(configuration: TrafficGenerator.Configuration, clock: any WallClock = SystemClock()) {
    self.configuration = configuration
    self.clock = clock
  }

  public var status: SourceStatus {
    let state = shared.read()
    // The generator's clock: the wall clock less the time spent paused, frozen while paused, so
    // that a pause leaves no hole in the windows and the stream resumes where it was.
    let clock = (state.pauseStarted ?? self.clock.now()) - state.pausedTotal
    return SourceStatus(
      kind: .generator(rate: configuration.rate, profile: configuration.profile.rawValue),
      state: state.paused ? .paused : .live, clock: clock)
  }

  public func setPaused(_ paused: Bool) {
    let now = clock.now()
    shared.update { state in
      guard state.paused != paused else { return }
      state.paused = paused
      if paused {
        state.pauseStarted = now
      } else if let started = state.pauseStarted {
        state.pausedTotal += now - started
        state.pauseStarted = nil
      }
    }
  }

  public func scaleSpeed(_ factor: Double) {}

  let thread = SourceThread()

  /// Largest batch handed over at once, so that a fast rate still gives the loop its turns.
  static let maxBatch = 65_536
  /// Longest sleep between batches: the pace at which pause and stop are noticed.
  static let tick: Micros = 20_000

  func run(_ connection: SourceConnection) {
    var settings = configuration
    settings.start = clock.now()
    var generator = TrafficGenerator(configuration: settings)
    var pending = generator.next()
    var feeder = BatchFeeder(connection: connection, maxLineBytes: LineDecoder.defaultMaxLineBytes)
    var bytes: [UInt8] = []
    while true {
      let state = shared.read()
      if state.stopped {
        feeder.drain()
        return
      }
      if state.paused {
        SystemClock.sleep(micros: Self.tick)
        continue
      }
      let now = clock.now() - state.pausedTotal
      bytes.removeAll(keepingCapacity: true)
      var count = 0
      while pending.time <= now && count < Self.maxBatch {
        var event = pending
        event.time += state.pausedTotal
        TrafficGenerator.appendJSON(event, to: &bytes)
        pending = generator.next()
        count += 1
      }
      if count > 0 { feeder.ingest(feeder.decode(bytes)) }
      if count < Self.maxBatch {
        SystemClock.sleep(micros: min(Self.tick, max(1000, pending.time - now)))
      }
    }
  }
}
