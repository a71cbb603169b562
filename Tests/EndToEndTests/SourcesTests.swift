import Analytics
import Foundation
import TestSupport
import Testing

/// The four ways in: recordings, record and replay, follow (pipes and growing files), and
/// headless output for other tools.
@Suite(.serialized) struct SourcesTests {
  static let repository: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
  }()

  static func final(_ output: String) throws -> [String: Any] {
    let lines = Executable.jsonLines(output)
    let last = try #require(lines.last)
    #expect(last["final"] as? Bool == true)
    return last
  }

  /// Every number of two snapshots, but their time.
  static func numbers(_ snapshot: [String: Any]) -> NSDictionary {
    var copy = snapshot
    copy["time"] = nil
    return copy as NSDictionary
  }

  @Test(arguments: ["steady-weekday", "flash-sale", "bot-burst", "seed-producer"])
  func recordingsReplayWithoutInvalidLines(_ name: String) throws {
    let path = Self.repository + "/recordings/\(name).jsonl"
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    #expect(size <= 2_000_000)
    let run = try Executable.run(["replay", path, "--headless"])
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty, "\(run.stderr)")
    let final = try Self.final(run.stdoutText)
    let events = try #require(final["events"] as? [String: Any])
    #expect(events["invalid"] as? Int == 0)
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
    #expect(events["total"] as? Int == lines)
  }

  @Test func seedShapedRecordingHasPythonsTimestamps() throws {
    let text = try String(contentsOfFile: Self.repository + "/recordings/seed-producer.jsonl", encoding: .utf8)
    #expect(text.contains(#""timestamp": "2026-11-27T09:"#))
    #expect(text.contains(#"{"event_id": ""#), "json.dumps separators")
    let wholeSeconds = text.split(separator: "\n").filter { line in
      line.range(of: #""timestamp": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d""#, options: .regularExpression) != nil
    }
    #expect(wholeSeconds.count > 10, "isoformat() drops a zero fraction; the file must have such lines")
    #expect(text.contains(#""total_amount": "#))
  }

  /// The README says how each generated recording was made; running those commands must give
  /// the files byte for byte (so a change to the generator shows here, and the README stays true).
  @Test func theReadmesCommandsMakeTheRecordings() throws {
    let readme = try String(contentsOfFile: Self.repository + "/README.md", encoding: .utf8)
    let commands = readme.split(separator: "\n").filter {
      $0.hasPrefix("eventtop generate ") && $0.contains("> recordings/")
    }
    #expect(commands.count == 3, "steady-weekday, flash-sale and bot-burst")
    for command in commands {
      let parts = command.split(separator: ">").map { $0.trimmingCharacters(in: .whitespaces) }
      let arguments = parts[0].split(separator: " ").dropFirst().map(String.init)
      let made = try Executable.run(arguments)
      #expect(made.status == 0)
      let file = try Data(contentsOf: URL(fileURLWithPath: Self.repository + "/" + parts[1]))
      #expect(made.stdout == file, "\(command)")
    }
  }

  /// The README's Prometheus example is what the command beside it writes, line for line.
  @Test func theReadmesPrometheusExampleIsWhatTheProgramWrites() throws {
    let readme = try String(contentsOfFile: Self.repository + "/README.md", encoding: .utf8)
    let marker = "(`eventtop replay recordings/flash-sale.jsonl --headless --format prometheus --output x.prom`):"
    let after = try #require(readme.range(of: marker)).upperBound
    let block = readme[after...].split(separator: "```", maxSplits: 2)[1]
    let shown = block.split(separator: "\n").filter { !$0.hasPrefix("…") }.map(String.init)
    #expect(shown.count >= 7)
    let output = Executable.temporaryPath("readme.prom")
    defer { try? FileManager.default.removeItem(atPath: output) }
    let run = try Executable.run([
      "replay", Self.repository + "/recordings/flash-sale.jsonl", "--headless", "--format", "prometheus", "--output",
      output,
    ])
    #expect(run.status == 0)
    let written = Set(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init))
    for line in shown { #expect(written.contains(line), "\(line)") }
  }

  @Test func aRecordedGeneratorRunReplaysToTheSameNumbers() throws {
    let recording = Executable.temporaryPath("recorded.jsonl")
    defer { try? FileManager.default.removeItem(atPath: recording) }
    let live = try Executable.run([
      "--headless", "--rate", "300", "--every", "1s", "--duration", "3s", "--record", recording, "--profile",
      "flash-sale",
    ])
    #expect(live.status == 0)
    let liveFinal = try Self.final(live.stdoutText)
    let replay = try Executable.run(["replay", recording, "--headless"])
    #expect(replay.status == 0)
    let replayFinal = try Self.final(replay.stdoutText)
    #expect((liveFinal["events"] as? [String: Any])?["total"] as? Int ?? 0 > 300)
    #expect(Self.numbers(liveFinal) == Self.numbers(replayFinal))
    let liveAlerts = Executable.jsonLines(live.stdoutText).filter { $0["type"] as? String == "alert" }
    let replayAlerts = Executable.jsonLines(replay.stdoutText).filter { $0["type"] as? String == "alert" }
    #expect(liveAlerts.map { $0 as NSDictionary } == replayAlerts.map { $0 as NSDictionary })
  }

  /// `follow -` reads a pipe as lines arrive and, when it ends, prints the final snapshot; the
  /// numbers match brute force at that snapshot's time.
  @Test func followingStandardInputEndsWithAFinalSnapshot() throws {
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    let start = Timestamp.iso8601(now - 20_000_000)
    let generated = try Executable.run([
      "generate", "--events", "3000", "--rate", "150", "--start", start, "--seed", "4",
    ])
    let path = Executable.temporaryPath("stream.jsonl")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try generated.stdout.write(to: URL(fileURLWithPath: path))
    let run = try Executable.run(["follow", "-", "--headless", "--every", "1s"], stdinPath: path)
    #expect(run.status == 0)
    let final = try Self.final(run.stdoutText)
    let events = try HeadlessReplayTests.parse(generated.stdout).compactMap { $0 }
    try HeadlessReplayTests.check(final, events, window: 300_000_000, gap: 1_800_000_000, top: 10, invalid: 0)
  }

  /// `tail -F` semantics: new lines are read as they come, a truncated file is read again from
  /// its start, a rotated file is read to its end and the new one from its start.
  @Test func followingAFileSurvivesTruncationAndRotation() throws {
    let directory = NSTemporaryDirectory() + "eventtop-follow-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let log = directory + "/events.log"
    var written = 0
    func append(_ count: Int, to path: String = log) throws {
      let now = Int64(Date().timeIntervalSince1970 * 1e6)
      var text = ""
      for i in 0..<count {
        text += Lines.event(user: "u\(i % 7)", time: now - Int64(count - i) * 1000, page: "/p\(i % 3)") + "\n"
      }
      let handle =
        FileHandle(forWritingAtPath: path)
        ?? {
          _ = FileManager.default.createFile(atPath: path, contents: nil)
          return FileHandle(forWritingAtPath: path)!
        }()
      handle.seekToEndOfFile()
      handle.write(Data(text.utf8))
      handle.closeFile()
      written += count
    }
    try append(5)  // before eventtop starts: not read without --from-start
    written = 0
    let running = try Executable.start(["follow", log, "--headless", "--every", "0.2s"])
    // Each step waits until a snapshot has counted every line written so far.
    func caughtUp() -> Bool {
      running.waitForOutput { output in
        let snapshot = Executable.jsonLines(output).last { $0["type"] as? String == "snapshot" }
        return (snapshot?["events"] as? [String: Any])?["total"] as? Int == written
      }
    }
    #expect(running.waitUntilItCatchesQuitSignals(), "the file is open (at its end)")
    try append(40)
    #expect(caughtUp())
    // Truncate and write anew.
    try Data().write(to: URL(fileURLWithPath: log))
    try append(25)
    #expect(caughtUp())
    // Rotate: the old file moves away, a new one takes its name.
    try append(10)
    try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
    try append(30)
    #expect(caughtUp())
    running.signal(SIGTERM)
    let result = try running.wait()
    #expect(result.status == 0)
    let final = try Self.final(result.stdoutText)
    #expect((final["events"] as? [String: Any])?["total"] as? Int == written, "\(written) lines written")
  }

  @Test func loopingReplayKeepsTimeMovingForward() throws {
    let generated = try Executable.run(["generate", "--events", "500", "--rate", "50", "--seed", "8"])
    let path = Executable.temporaryPath("loop.jsonl")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try generated.stdout.write(to: URL(fileURLWithPath: path))
    let run = try Executable.run(["replay", path, "--loop", "--headless", "--duration", "1.5s", "--every", "10s"])
    #expect(run.status == 0)
    let snapshots = Executable.jsonLines(run.stdoutText).filter { $0["type"] as? String == "snapshot" }
    let times = snapshots.compactMap { ($0["time"] as? String).flatMap(Timestamp.parseISO8601) }
    #expect(times.count > 10)
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
    let total = try #require((snapshots.last?["events"] as? [String: Any])?["total"] as? Int)
    #expect(total > 1000, "played more than twice: \(total)")
    #expect((snapshots.last?["events"] as? [String: Any])?["late"] as? Int == 0)
  }

  @Test func prometheusTextfileMatchesTheSnapshot() throws {
    let path = Self.repository + "/recordings/flash-sale.jsonl"
    let output = Executable.temporaryPath("eventtop.prom")
    defer { try? FileManager.default.removeItem(atPath: output) }
    let run = try Executable.run(["replay", path, "--headless", "--format", "prometheus", "--output", output])
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
    let text = try String(contentsOfFile: output, encoding: .utf8)
    let json = try Self.final(try Executable.run(["replay", path, "--headless"]).stdoutText)
    var samples: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: " ")
      samples[String(parts[0])] = Double(parts[1])
    }
    let events = try #require(json["events"] as? [String: Any])
    #expect(samples["eventtop_events_total"] == Double(events["total"] as! Int))
    #expect(samples["eventtop_events_in_window"] == Double(events["in_window"] as! Int))
    #expect(samples["eventtop_active_users"] == Double(json["active_users"] as! Int))
    let pages = try #require(json["top_pages"] as? [[String: Any]])
    let top = try #require(pages.first)
    #expect(samples["eventtop_page_views{page=\"\(top["page"] as! String)\"}"] == Double(top["views"] as! Int))
    let sessions = try #require(json["sessions"] as? [String: Any])
    #expect(samples["eventtop_sessions_active"] == Double(sessions["active"] as! Int))
    let p50 = try #require((sessions["duration_seconds"] as? [String: Any])?["p50"] as? NSNumber)
    #expect(samples["eventtop_session_duration_seconds{quantile=\"0.5\"}"] == p50.doubleValue)
    let alerts = Executable.jsonLines(try Executable.run(["replay", path, "--headless"]).stdoutText)
      .filter { $0["kind"] as? String == "purchase" }.count
    #expect(samples["eventtop_alerts_total{kind=\"purchase\"}"] == Double(alerts))
    let limits = try #require(json["limits"] as? [String: [String: Int]])
    for (structure, figures) in limits {
      #expect(samples["eventtop_tracked{structure=\"\(structure)\"}"] == Double(figures["tracked"] ?? figures["kept"]!))
      let evicted = figures["evicted"] ?? figures["seconds_compacted"] ?? figures["dropped"]!
      #expect(samples["eventtop_evicted_total{structure=\"\(structure)\"}"] == Double(evicted))
    }
    let allAlerts = Executable.jsonLines(try Executable.run(["replay", path, "--headless"]).stdoutText)
      .filter { $0["type"] as? String == "alert" }.count
    #expect(limits["alerts"]?["kept"] == min(allAlerts, 500), "the newest 500 alerts are kept for display")
    #expect(limits["alerts"]?["dropped"] == max(0, allAlerts - 500))
    for name in ["eventtop_events_total", "eventtop_active_users", "eventtop_session_duration_seconds"] {
      #expect(text.contains("# HELP \(name) "))
      #expect(text.contains("# TYPE \(name) "))
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
      $0.hasPrefix((output as NSString).lastPathComponent) && $0.hasSuffix(".tmp")
    }
    #expect(leftovers.isEmpty, "the file is replaced by rename, no temporary file stays")
  }

  @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
  func headlessSignalsPrintAFinalSnapshotAndExitZero(_ signal: Int32) throws {
    let running = try Executable.start(["--headless", "--every", "0.5s", "--rate", "200"])
    #expect(running.waitUntilItCatchesQuitSignals())
    // Each snapshot is out when it is taken (a reader such as `| jq` sees it then, not at exit).
    #expect(running.waitForOutput(seconds: 10) { $0.contains(#""type":"snapshot""#) }, "a snapshot while running")
    running.signal(signal)
    let result = try running.wait()
    #expect(result.status == 0)
    let lines = Executable.jsonLines(result.stdoutText)
    #expect(lines.count >= 2)
    #expect(lines.last?["final"] as? Bool == true)
    #expect(result.stdoutText.hasSuffix("}\n"), "no half-written line")
  }

  @Test(
    arguments: [
      (["follow", "/nonexistent/app.log"], "cannot open '/nonexistent/app.log'"),
      (["follow", "/tmp"], "is a directory"),
      (["replay", "/nonexistent.jsonl"], "cannot open"),
      (["--headless", "--record", "/nonexistent/dir/r.jsonl"], "cannot write"),
      (["--headless", "--format", "prometheus", "--output", "/nonexistent/dir/m.prom"], "cannot write"),
    ] as [([String], String)])
  func badInputsAreOneLineAndExitTwo(_ arguments: [String], _ message: String) throws {
    let run = try Executable.run(arguments)
    #expect(run.status == 2)
    #expect(run.stderr.split(separator: "\n").count == 1)
    #expect(run.stderr.contains(message), "\(run.stderr)")
  }
}
