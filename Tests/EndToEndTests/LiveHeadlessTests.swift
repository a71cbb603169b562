import Analytics
import Foundation
import TestSupport
import Testing

/// Headless `follow`: snapshots on the wall clock from the start (zero counts while nothing
/// comes), a final snapshot however the run ends, and a last line without a newline counted.
@Suite(.serialized) struct LiveHeadlessTests {
  static func events(_ snapshot: [String: Any]) -> [String: Any] {
    snapshot["events"] as? [String: Any] ?? [:]
  }

  static func snapshots(_ output: String) -> [[String: Any]] {
    Executable.jsonLines(output).filter { $0["type"] as? String == "snapshot" }
  }

  /// `count` events a few milliseconds apart, ending now, one a line.
  static func recentLines(_ count: Int) -> [String] {
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    return (0..<count).map { i in
      Lines.event(user: "u\(i % 5)", time: now - Int64(count - i) * 5_000, session: "s\(i % 5)", page: "/p\(i % 3)")
    }
  }

  @Test func anIdleFollowedFileGetsZeroSnapshotsOnTheWallClockAndAFinalOne() throws {
    let path = Executable.temporaryPath("idle.jsonl")
    try Data().write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try Executable.run(["follow", path, "--headless", "--every", "1s", "--duration", "3s"])
    #expect(run.status == 0)
    let snapshots = Self.snapshots(run.stdoutText)
    let periodic = snapshots.filter { $0["final"] as? Bool == false }
    #expect(periodic.count >= 2, "\(run.stdoutText)")
    let times = periodic.compactMap { ($0["time"] as? String).flatMap(Timestamp.parseISO8601) }
    #expect(times.count == periodic.count)
    #expect(times.allSatisfy { $0 % 1_000_000 == 0 }, "epoch-aligned seconds")
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
    let final = try SourcesTests.final(run.stdoutText)
    for snapshot in snapshots {
      #expect(Self.events(snapshot)["total"] as? Int == 0)
      #expect(Self.events(snapshot)["in_window"] as? Int == 0)
      #expect(snapshot["active_users"] as? Int == 0)
    }
    #expect(snapshots.last.map { $0 as NSDictionary } == final as NSDictionary)
  }

  /// Follow's time is the wall clock from the start: a file of last week's events read from its
  /// start is late, every event, with no alert, however soon the first snapshot comes.
  @Test(arguments: ["0.1s", "1s"])
  func oldEventsFollowedFromTheStartAreAllLate(every: String) throws {
    let path = Executable.temporaryPath("old.jsonl")
    let generated = try Executable.run(["generate", "--events", "20000", "--profile", "flash-sale", "--rate", "50"])
    try generated.stdout.write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try Executable.run(["follow", path, "--from-start", "--headless", "--every", every, "--duration", "2s"])
    #expect(run.status == 0)
    let lines = generated.stdoutText.split(separator: "\n").count
    let final = Self.events(try SourcesTests.final(run.stdoutText))
    #expect(final["total"] as? Int == lines)
    #expect(final["late"] as? Int == lines)
    #expect(final["in_window"] as? Int == 0)
    #expect(!run.stdoutText.contains(#""type":"alert""#), "late events raise no alert")
  }

  @Test(arguments: [SIGTERM, SIGINT])
  func aSignalToAnIdleFollowPrintsAFinalSnapshot(_ signal: Int32) throws {
    let path = Executable.temporaryPath("idle.jsonl")
    try Data().write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let running = try Executable.start(["follow", path, "--headless", "--every", "1h"])
    #expect(running.waitUntilItCatchesQuitSignals())
    running.signal(signal)
    let result = try running.wait()
    #expect(result.status == 0)
    let snapshots = Self.snapshots(result.stdoutText)
    #expect(!snapshots.isEmpty)
    #expect(snapshots.allSatisfy { Self.events($0)["total"] as? Int == 0 })
    _ = try SourcesTests.final(result.stdoutText)
  }

  @Test func anEmptyStandardInputPrintsOneFinalSnapshot() throws {
    let run = try Executable.run(["follow", "-", "--headless"])
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
    let lines = Executable.jsonLines(run.stdoutText)
    #expect(lines.count == 1)
    let final = try SourcesTests.final(run.stdoutText)
    #expect(Self.events(final)["total"] as? Int == 0)
    #expect(Self.events(final)["invalid"] as? Int == 0)
  }

  @Test func anIdlePrometheusFileHoldsZeroValuedMetrics() throws {
    let path = Executable.temporaryPath("idle.jsonl")
    let output = Executable.temporaryPath("idle.prom")
    try Data().write(to: URL(fileURLWithPath: path))
    defer {
      try? FileManager.default.removeItem(atPath: path)
      try? FileManager.default.removeItem(atPath: output)
    }
    let run = try Executable.run([
      "follow", path, "--headless", "--every", "1s", "--duration", "1.5s", "--format", "prometheus", "--output", output,
    ])
    #expect(run.status == 0)
    let samples = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").filter {
      !$0.hasPrefix("#")
    }
    for name in ["eventtop_events_total", "eventtop_events_in_window", "eventtop_active_users"] {
      #expect(samples.contains("\(name) 0"), "\(name) in \(samples)")
    }
  }

  /// A followed file whose last line has no newline: the line waits while the file may grow and
  /// counts when the run ends (valid: as an event; invalid: as a reported invalid line).
  @Test(arguments: [false, true])
  func aFollowedFileWithoutAFinalNewlineCountsEveryLineAtTheEnd(_ lastIsInvalid: Bool) throws {
    var lines = Self.recentLines(30)
    if lastIsInvalid { lines.append(#"{"user_id":"cut","action":"page_view""#) }
    let path = Executable.temporaryPath("no-newline.jsonl")
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try Executable.run(["follow", path, "--from-start", "--headless", "--every", "1s", "--duration", "1.5s"])
    #expect(run.status == 0)
    let events = Self.events(try SourcesTests.final(run.stdoutText))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lineCount = text.split(separator: "\n").count
    #expect(!text.hasSuffix("\n"))
    #expect(events["total"] as? Int == lineCount - (lastIsInvalid ? 1 : 0))
    #expect(events["invalid"] as? Int == (lastIsInvalid ? 1 : 0))
    if lastIsInvalid {
      #expect(run.stderr.contains(":\(lineCount): skipped"), "\(run.stderr)")
    } else {
      #expect(run.stderr.isEmpty, "\(run.stderr)")
    }
  }

  /// `follow -` from a pipe that stays open: a signal ends the run at once, and the last line,
  /// still without its newline, counts.
  @Test func aSignalToFollowOfAnOpenPipeCountsItsUnfinishedLastLine() throws {
    let fifo = Executable.temporaryPath("open.fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    defer { unlink(fifo) }
    // Read and write: the pipe stays open (and this open does not wait for a reader).
    let writer = open(fifo, O_RDWR)
    #expect(writer >= 0)
    defer { close(writer) }
    let lines = Self.recentLines(20)
    let bytes = Array(lines.joined(separator: "\n").utf8)
    #expect(bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == bytes.count)
    let running = try Executable.start(["follow", "-", "--headless", "--every", "1h"], stdinPath: fifo)
    #expect(running.waitUntilItCatchesQuitSignals())
    Thread.sleep(forTimeInterval: 1)  // the 20 lines are read at once; this is ample time
    running.signal(SIGTERM)
    let result = try running.wait()
    #expect(result.status == 0)
    #expect(Self.events(try SourcesTests.final(result.stdoutText))["total"] as? Int == lines.count)
  }
}
