import Analytics
import EventSources

/// Runs a source without the dashboard: alerts and scheduled snapshots as the engine emits them,
/// periodic snapshots on the wall clock for live sources, and a final snapshot at the end — when
/// the input ends, `--duration` has passed, or a quit signal came.
///
/// A live source's time is the wall clock, so its snapshots come from the start, with zero counts
/// while nothing has arrived (an idle stream still reports, and Prometheus sees real zeros). A
/// replay's time comes from its events: before the first one there is no time to snapshot at, so
/// a replay of an empty file prints no snapshot.
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
  /// `every`, takes a snapshot at every epoch-aligned multiple of it on the wall clock. With
  /// `wallClockTime` (the generator, follow), snapshots and the final one are taken even before
  /// any event arrived.
  public static func run(
    source: any LiveSource, connection: SourceConnection, writer: any HeadlessWriter, every: Micros?,
    duration: Micros?, top: Int, wallClockTime: Bool = false, clock: any WallClock = SystemClock()
  ) -> Outcome {
    var outcome = Outcome()
    let engine = connection.engine
    connection.start(source)
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
        let snapshot = engine.wait { engine in
          wallClockTime ? await engine.snapshot(at: tick, top: top) : await engine.snapshotIfStarted(at: tick, top: top)
        }
        if let snapshot {
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
      var final = await engine.finish(top: top)
      if final == nil && wallClockTime {
        // Nothing arrived: the final snapshot of an idle stream, at the end's wall-clock time.
        final = await engine.snapshot(at: clockAtEnd ?? clock.now(), top: top, isFinal: true)
      }
      return (final, await engine.takeOutputs())
    }
    if !released.isEmpty { writer.write(released) }
    if !writer.finish(final) { outcome.readerGone = true }
    return outcome
  }
}
