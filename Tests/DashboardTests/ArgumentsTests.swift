import Analytics
import Testing

@testable import Dashboard

@Suite struct ArgumentsTests {
  @Test func noArgumentsMeansTheLiveDashboard() throws {
    #expect(try Arguments.parse([]) == .live(LiveOptions()))
  }

  @Test func parsesReplayInAnyOrder() throws {
    let a = try Arguments.parse(["replay", "events.jsonl", "--headless", "--every", "30s", "--window=1m"])
    let b = try Arguments.parse(["replay", "--window", "1m", "--headless", "--every=30s", "events.jsonl"])
    #expect(a == b)
    guard case .replay(let options) = a else {
      Issue.record("not a replay: \(a)")
      return
    }
    #expect(options.path == "events.jsonl")
    #expect(options.presentation.headless)
    #expect(options.presentation.every == 30_000_000)
    #expect(options.analysis.engine.window == 60_000_000)
    #expect(try Arguments.parse(["replay", "-", "--headless"]) != a)
  }

  @Test func defaultsFollowTheContract() throws {
    guard case .replay(let options) = try Arguments.parse(["replay", "x"]) else { return }
    #expect(options.analysis.engine.window == 300_000_000)
    #expect(options.analysis.engine.sessionGap == 1_800_000_000)
    #expect(options.analysis.engine.burstThreshold == 100)
    #expect(options.analysis.engine.maxSkew == 60_000_000)
    #expect(options.analysis.engine.topPages == 10)
    #expect(options.presentation.every == 10_000_000)
    #expect(!options.presentation.headless)
    #expect(options.speed == nil)
    #expect(!options.loop)
  }

  @Test(arguments: [
    ["replay"], ["replay", "a", "b"], ["replay", "a", "--window"], ["replay", "a", "--window", "0"],
    ["replay", "a", "--max-skew", "soon"],
    ["replay", "a", "--every", "soon"], ["replay", "a", "--top", "0"], ["replay", "a", "--headless=yes"],
    ["generate", "--events", "many"], ["generate", "--rate", "-1"], ["generate", "--start", "today"],
    ["generate", "--seed", "-1"], ["bench", "--events", "0"], ["nonsense"], ["--bogus"], ["replay", "a", "stray"],
    ["replay", "a", "--format", "prometheus"], ["replay", "a", "--headless", "--format", "prometheus"],
    ["replay", "a", "--output", "x.json"], ["replay", "-", "--loop"], ["--profile", "rush-hour"],
    ["follow"], ["follow", "a", "--speed", "2"], ["replay", "a", "--speed", "0"], ["--record", ""],
    ["replay", "a", "--headless", "--format", "xml"],
  ])
  func rejectsBadCommandLines(_ arguments: [String]) {
    #expect(throws: UsageError.self) { try Arguments.parse(arguments) }
  }

  @Test func generatorOptions() throws {
    guard
      case .generate(let options) = try Arguments.parse(
        [
          "generate", "--events", "1_000", "--seed", "9", "--users", "50", "--rate", "12.5", "--start",
          "2026-01-01T00:00:00Z",
        ])
    else { return }
    #expect(options.events == 1000)
    #expect(options.generator.seed == 9)
    #expect(options.generator.users == 50)
    #expect(options.generator.rate == 12.5)
    #expect(options.generator.start == 1_767_225_600_000_000)
  }
}

extension ArgumentsTests {
  @Test func parsesFollowRecordAndPrometheus() throws {
    guard
      case .follow(let follow) = try Arguments.parse(
        ["follow", "-", "--headless", "--every", "5s", "--duration", "1m", "--record", "r.jsonl"])
    else { return }
    #expect(follow.path == "-")
    #expect(!follow.fromStart)
    #expect(follow.presentation.duration == 60_000_000)
    #expect(follow.presentation.record == "r.jsonl")
    guard
      case .live(let live) = try Arguments.parse(
        ["--headless", "--format", "prometheus", "--output", "m.prom", "--profile", "flash-sale", "--rate", "200"])
    else { return }
    #expect(live.presentation.format == .prometheus)
    #expect(live.presentation.output == "m.prom")
    #expect(live.generator.profile == .flashSale)
    guard case .replay(let replay) = try Arguments.parse(["replay", "f", "--speed", "max", "--loop"]) else { return }
    #expect(replay.speed == .infinity)
    #expect(replay.loop)
    guard case .replay(let slow) = try Arguments.parse(["replay", "f", "--speed", "0.5x"]) else { return }
    #expect(slow.speed == 0.5)
  }
}
