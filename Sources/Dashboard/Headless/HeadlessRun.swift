import Analytics
import EventSources

/// Runs a source without the dashboard: alerts and scheduled snapshots as the engine emits them,
/// periodic snapshots on the wall clock for live sources, and a final snapshot at the end — when
/// the input ends, `--duration` has passed, or a quit signal came.
public enum HeadlessRun {
  public struct Outcome: Sendable {
    /// The quit signal that ended the run, if one did.
    public var signal: Int32?
    /// A read error that ended it, if one did.
    public var failure: String?
    /// The reader of the output went away (a closed pipe).
    public var readerGone = false
  }

  /// Runs until the source is over, `duration` has passed or a quit signal came. With
  /// `every`, takes a snapshot at every epoch-aligned multiple of it on the wall clock.
  public static func run(
    source: any LiveSource, connection: SourceConnection, writer: any HeadlessWriter, every: Micros?,
    duration: Micros?, top: Int, clock: any WallClock = SystemClock()
  ) -> Outcome {
    var outcome = Outcome()
    let engine = connection.engine
    source.start(connection)
    let started = SystemClock.monotonic()
    var nextTick = every.map { interval in -Timestamp.floorDiv(-clock.now(), interval) * interval }
    while true {
      if let signal = QuitSignals.take() {
        outcome.signal = signal
        break
      }
      if writer.readerGone {
        outcome.readerGone = true
        break
      }
      let status = source.status
      if status.isOver {
        if case .failed(let message) = status.state { outcome.failure = message }
        break
      }
      if let duration, SystemClock.monotonic() - started >= duration { break }
      let now = clock.now()
      if let tick = nextTick, let interval = every, now >= tick {
        if let snapshot = engine.wait({ await $0.snapshotIfStarted(at: tick, top: top) }) {
          writer.write([.snapshot(snapshot)])
        }
        nextTick = tick + max(1, (now - tick) / interval + 1) * interval
      }
      // Wait for the next tick, but wake at once when the source ends (and every 50 ms for
      // signals and the reader).
      let untilTick = nextTick.map { $0 - clock.now() } ?? 50_000
      if source.waitUntilStopped(timeout: max(1_000, min(50_000, untilTick))) && !source.status.isOver {
        SystemClock.sleep(micros: 1_000)
      }
    }
    source.stop()
    _ = source.waitUntilStopped(timeout: 2_000_000)
    // A source asked to stop may leave batches in flight: their outputs come before the final.
    connection.feed.drain()
    let clockAtEnd = source.status.clock
    let (final, released) = engine.wait { engine -> (Snapshot?, [EngineOutput]) in
      if let clockAtEnd { await engine.advance(to: clockAtEnd) }
      let final = await engine.finish(top: top)
      return (final, await engine.takeOutputs())
    }
    if !released.isEmpty { writer.write(released) }
    if !writer.finish(final) { outcome.readerGone = true }
    return outcome
  }
}
