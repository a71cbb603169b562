import Analytics
import EventSources
import Testing

@testable import Dashboard
@testable import TerminalUI

/// A terminal that replays scripted keys and keeps every frame.
/// `@unchecked Sendable`: each instance is used by one thread at a time (made, run, then read
/// after the thread finished, which the continuation orders).
final class ScriptedTerminal: TerminalDevice, @unchecked Sendable {
  var keys: [Key?]
  var frames: [Buffer] = []
  var size: (width: Int, height: Int)
  var signalAfterKeys: Int32?

  init(keys: [Key?], size: (Int, Int) = (120, 40)) {
    self.keys = keys
    self.size = size
  }

  func draw(_ buffer: Buffer) { frames.append(buffer) }

  func readKey(timeoutMilliseconds: Int) -> Key? {
    guard !keys.isEmpty else { return nil }
    let key = keys.removeFirst()
    if key == .resize { size = (60, 20) }
    return key
  }

  func takeQuitSignal() -> Int32? {
    keys.isEmpty ? signalAfterKeys : nil
  }
}

/// A source that records what the loop asks of it.
final class RecordingSource: LiveSource {
  struct Calls: Sendable {
    var paused: [Bool] = []
    var speeds: [Double] = []
    var started = false
    var stopped = false
  }
  let calls = Locked(Calls())
  func start(_ connection: SourceConnection) { calls.withLock { $0.started = true } }
  func stop() { calls.withLock { $0.stopped = true } }
  func waitUntilStopped(timeout: Micros) -> Bool { true }
  var status: SourceStatus { SourceStatus(kind: .standardInput, state: .replaying(speed: 1), clock: nil, speed: 1) }
  func setPaused(_ paused: Bool) { calls.withLock { $0.paused.append(paused) } }
  func scaleSpeed(_ factor: Double) { calls.withLock { $0.speeds.append(factor) } }
}

/// Runs `body` on its own thread, as the real loop runs on the main thread: the loop blocks while
/// it waits for the engine, which must not happen on Swift concurrency's cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { continuation in
    BackgroundThread.start { continuation.resume(returning: body()) }
  }
}

@Suite struct DashboardLoopTests {
  private func engine() -> EngineBridge {
    var configuration = EngineConfiguration()
    configuration.retention = 3_600_000_000
    return EngineBridge(engine: AggregationEngine(configuration: configuration))
  }

  @Test func keysReachTheSourceTheEngineAndTheScreen() async {
    let bridge = engine()
    var batch = EventBatch()
    var decoder = LineDecoder()
    let line = Array(
      #"{"user_id":"u1","action":"page_view","timestamp":"2026-11-27T08:00:00Z","properties":{"page_url":"/x"}}"#.utf8)
    decoder.decodeLines(line, firstLineNumber: 1, into: &batch)
    _ = await bridge.engine.ingest(batch)
    await bridge.engine.endOfInput()  // a lone first event waits for the next one, or for this
    let terminal = ScriptedTerminal(keys: [
      .character(" "), .character("+"), .character("w"), .character("?"), .character("x"), .resize,
      .character("q"),
    ])
    let source = RecordingSource()
    let (signal, frames) = await onThread { [terminal] in
      var model = DashboardModel(
        data: DashboardData(source: source.status, window: 300_000_000), width: 120, height: 40,
        themes: [.standard], monochrome: true, windows: [60_000_000, 300_000_000, 900_000_000])
      let signal = DashboardLoop.run(terminal: terminal, source: source, engine: bridge, model: &model)
      return (signal, terminal.frames)
    }
    #expect(signal == nil)
    let calls = source.calls.withLock { $0 }
    #expect(calls.paused == [true])
    #expect(calls.speeds == [2])
    #expect(await bridge.engine.configuration.window == 900_000_000)
    #expect(frames.contains { $0.description.contains("Keys") })
    #expect(frames.last?.width == 60)
    #expect(frames.first?.description.contains("/x") == true)
  }

  @Test func aQuitSignalEndsTheLoop() async {
    let bridge = engine()
    let (signal, drawn) = await onThread {
      let terminal = ScriptedTerminal(keys: [nil, nil])
      terminal.signalAfterKeys = 15
      var model = DashboardModel(
        data: DashboardData(source: RecordingSource().status, window: 300_000_000), width: 120, height: 40,
        themes: [.standard], monochrome: false, windows: [300_000_000])
      let signal = DashboardLoop.run(terminal: terminal, source: RecordingSource(), engine: bridge, model: &model)
      return (signal, terminal.frames.count)
    }
    #expect(signal == 15)
    #expect(drawn > 0)
  }

  /// Paused on a finished recording, `w` shows the new window's figures with its labels.
  @Test func windowWhilePausedShowsTheNewWindowsFigures() async {
    let bridge = engine()
    var batch = EventBatch()
    var decoder = LineDecoder()
    let lines = [
      #"{"user_id":"u1","action":"purchase","timestamp":"2026-11-27T08:00:00Z","properties":{"amount":10}}"#,
      #"{"user_id":"u2","action":"purchase","timestamp":"2026-11-27T08:10:00Z","properties":{"amount":20}}"#,
    ].joined(separator: "\n")
    decoder.decodeLines(Array(lines.utf8), firstLineNumber: 1, into: &batch)
    _ = await bridge.engine.ingest(batch)
    await bridge.engine.endOfInput()
    let terminal = ScriptedTerminal(keys: [.character(" "), .character("w"), .character("q")])
    let source = RecordingSource()
    let frames = await onThread { [terminal] in
      var model = DashboardModel(
        data: DashboardData(source: source.status, window: 300_000_000), width: 120, height: 40,
        themes: [.standard], monochrome: true, windows: [300_000_000, 900_000_000])
      DashboardLoop.run(terminal: terminal, source: source, engine: bridge, model: &model)
      return terminal.frames
    }
    #expect(frames.first?.description.contains("1 purchase · 20.00 in 5m") == true)
    let last = frames.last?.description ?? ""
    #expect(last.contains("PAUSED"))
    #expect(last.contains("2 purchases · 30.00 in 15m"), "\(last)")
  }
}

/// A wall clock the test moves by hand.
final class ManualClock: WallClock, @unchecked Sendable {
  /// `@unchecked Sendable`: set and read by the test's one thread only.
  var time: Micros
  init(_ time: Micros) { self.time = time }
  func now() -> Micros { time }
}

@Suite struct GeneratorSourceTests {
  /// The generator's clock stops while it is paused and goes on from there: a pause leaves no
  /// hole in the windows, and a key pressed while paused sees the time of the pause.
  @Test func itsClockStopsWhilePaused() {
    let clock = ManualClock(1_000_000_000)
    let source = GeneratorSource(configuration: TrafficGenerator.Configuration(), clock: clock)
    clock.time += 5_000_000
    #expect(source.status.clock == 1_005_000_000)
    source.setPaused(true)
    clock.time += 7_000_000
    #expect(source.status.clock == 1_005_000_000, "frozen while paused")
    source.setPaused(false)
    clock.time += 2_000_000
    #expect(source.status.clock == 1_007_000_000, "on from where it stopped")
  }
}
