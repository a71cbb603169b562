import Analytics
import Foundation
import TestSupport
import Testing

/// `--record` writes what the run processed: events as they reach the engine, with the times the
/// engine saw, so that replaying the recording ends where the run ended.
@Suite(.serialized) struct RecordingTests {
  static let steadyWeekday = SourcesTests.repository + "/recordings/steady-weekday.jsonl"

  /// The lines of a file (without their newlines), blank ones left out.
  static func lines(_ path: String) throws -> [Substring] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
  }

  static func total(_ snapshot: [String: Any]) -> Int? {
    (snapshot["events"] as? [String: Any])?["total"] as? Int
  }

  /// A paced replay stopped part-way (by `--duration` or a signal) records the events it played:
  /// the first lines of the input, byte for byte, as many as the run counted.
  @Test(arguments: ["duration", "SIGTERM"])
  func aPacedReplayStoppedPartWayRecordsWhatItPlayed(_ stop: String) throws {
    let recording = Executable.temporaryPath("paced.jsonl")
    defer { try? FileManager.default.removeItem(atPath: recording) }
    var arguments = ["replay", Self.steadyWeekday, "--speed", "4", "--headless", "--every", "1s"]
    arguments += ["--record", recording]
    let run: Executable.Result
    if stop == "duration" {
      run = try Executable.run(arguments + ["--duration", "2s"])
    } else {
      let running = try Executable.start(arguments)
      #expect(running.waitUntilItCatchesQuitSignals())
      Thread.sleep(forTimeInterval: 2)
      running.signal(SIGTERM)
      run = try running.wait()
    }
    #expect(run.status == 0)
    let runTotal = try #require(Self.total(try SourcesTests.final(run.stdoutText)))
    let input = try Self.lines(Self.steadyWeekday)
    let recorded = try Self.lines(recording)
    #expect(runTotal > 0)
    #expect(runTotal < input.count / 2, "stopped part-way: \(runTotal) of \(input.count)")
    #expect(recorded.count == runTotal)
    #expect(Array(recorded) == Array(input.prefix(recorded.count)), "the lines played, as read")
    let replay = try Executable.run(["replay", recording, "--headless"])
    #expect(Self.total(try SourcesTests.final(replay.stdoutText)) == runTotal)
  }

  /// The recording of a looped replay: pass k is the input again with every timestamp moved on
  /// by k × (the input's span + 1 s) and nothing else changed; replayed, it ends with the run's
  /// final numbers (its time too when the run went as fast as it could, so that its clock was its
  /// last event).
  @Test(arguments: ["max", "20"])
  func aLoopedReplayRecordsShiftedTimesAndReplaysToTheSameSnapshot(_ speed: String) throws {
    let generated = try Executable.run(["generate", "--events", "40", "--rate", "20", "--seed", "3"])
    let input = Executable.temporaryPath("loop-input.jsonl")
    let recording = Executable.temporaryPath("loop-recording.jsonl")
    defer {
      try? FileManager.default.removeItem(atPath: input)
      try? FileManager.default.removeItem(atPath: recording)
    }
    try generated.stdout.write(to: URL(fileURLWithPath: input))
    let run = try Executable.run([
      "replay", input, "--loop", "--speed", speed, "--headless", "--duration", speed == "max" ? "0.3s" : "2s",
      "--record", recording,
    ])
    #expect(run.status == 0)
    let runFinal = try SourcesTests.final(run.stdoutText)

    // Independently: what each recorded line must be.
    let inputLines = try Self.lines(input)
    let originals = try inputLines.map(Self.object)
    let times = try originals.map { try #require(($0["timestamp"] as? String).flatMap(Timestamp.parseISO8601)) }
    let shift = try #require(times.max()) - (try #require(times.min())) + 1_000_000
    let recorded = try Self.lines(recording)
    #expect(recorded.count > originals.count * 2, "played more than twice: \(recorded.count)")
    #expect(recorded.count == Self.total(runFinal))
    for (index, line) in recorded.enumerated() {
      let pass = index / originals.count
      var object = try Self.object(line)
      let time = (object.removeValue(forKey: "timestamp") as? String).flatMap(Timestamp.parseISO8601)
      var original = originals[index % originals.count]
      original["timestamp"] = nil
      #expect(time == times[index % originals.count] + Int64(pass) * shift, "line \(index + 1)")
      #expect(object as NSDictionary == original as NSDictionary, "line \(index + 1)")
      if pass == 0 { #expect(line == inputLines[index], "the first pass is recorded as read") }
    }

    let replay = try Executable.run(["replay", recording, "--headless"])
    #expect(replay.status == 0)
    let replayFinal = try SourcesTests.final(replay.stdoutText)
    #expect(SourcesTests.numbers(replayFinal) == SourcesTests.numbers(runFinal))
    if speed == "max" {
      #expect(replayFinal["time"] as? String == runFinal["time"] as? String)
    } else {
      // Paced, the run's clock had gone on past its last event.
      let replayTime = try #require((replayFinal["time"] as? String).flatMap(Timestamp.parseISO8601))
      let runTime = try #require((runFinal["time"] as? String).flatMap(Timestamp.parseISO8601))
      #expect(replayTime <= runTime)
    }
  }

  /// Recording a replay at full speed, or `follow -`, gives back the input's valid lines byte
  /// for byte (an invalid line is left out).
  @Test(arguments: [["replay", "-", "--speed", "max"], ["follow", "-"]])
  func recordingAsFastAsItReadsKeepsTheLinesAsRead(_ mode: [String]) throws {
    let input = Executable.temporaryPath("asread.jsonl")
    let recording = Executable.temporaryPath("asread-recording.jsonl")
    defer {
      try? FileManager.default.removeItem(atPath: input)
      try? FileManager.default.removeItem(atPath: recording)
    }
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    let valid = (0..<50).map { i in
      Lines.event(user: "u\(i % 9)", time: now - Int64(50 - i) * 10_000, page: "/p\(i % 4)")
    }
    let spaced = #"{ "user_id" : "spaced", "action":"click", "timestamp" : \#(now / 1_000_000) }"#
    let lines = valid.prefix(25) + ["not json", spaced] + valid.dropFirst(25)
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
    let run = try Executable.run(mode + ["--headless", "--record", recording], stdinPath: input)
    #expect(run.status == 0)
    let expected = lines.filter { $0 != "not json" }.joined(separator: "\n") + "\n"
    #expect(try String(contentsOfFile: recording, encoding: .utf8) == expected)
  }

  static func object(_ line: Substring) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
  }
}
