import Analytics
import Foundation
import TestSupport
import Testing

/// Runs the built eventtop on generated files and checks every snapshot and alert against a
/// brute-force computation over the same file, parsed here with Foundation's JSON parser.
@Suite(.serialized) struct HeadlessReplayTests {
  /// Events from a JSON Lines file, decoded independently of eventtop; nil for lines it rejects.
  static func parse(_ data: Data) throws -> [ReferenceEvent?] {
    try data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { line in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
        return nil
      }
      let properties = object["properties"] as? [String: Any] ?? [:]
      let action = try #require(object["action"] as? String)
      let stamp = try #require(object["timestamp"] as? String)
      let amount = properties["amount"].map { "\($0)" }
      let time = try #require(Self.micros(stamp))
      let user = try #require(object["user_id"] as? String)
      return ReferenceEvent(
        time: time, user: user,
        session: object["session_id"] as? String, action: action,
        page: action == "page_view" ? (properties["page_url"] as? String ?? "unknown") : nil,
        amountMicros: amount.map(Self.millionths) ?? 0, orderID: properties["order_id"] as? String)
    }
  }

  /// Naive ISO 8601 with an optional fraction, through Foundation's formatter (UTC).
  static func micros(_ text: String) -> Int64? {
    let parts = text.split(separator: ".")
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    guard let date = formatter.date(from: String(parts[0])) else { return nil }
    var fraction: Int64 = 0
    if parts.count == 2 {
      let digits = String(parts[1].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
      fraction = Int64(digits)!
    }
    return Int64(date.timeIntervalSince1970.rounded()) * 1_000_000 + fraction
  }

  /// "12.34" → 12340000, exactly.
  static func millionths(_ text: String) -> Int64 {
    let parts = text.split(separator: ".")
    let whole = Int64(parts[0])! * 1_000_000
    guard parts.count == 2 else { return whole }
    return whole + Int64(String(parts[1].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0))!
  }

  static func seconds(_ value: Any?) -> Int64 {
    Int64((((value as? NSNumber)?.doubleValue ?? .nan) * 1e6).rounded())
  }

  static func generate(_ arguments: [String]) throws -> (path: String, data: Data) {
    let result = try Executable.run(["generate"] + arguments)
    #expect(result.status == 0)
    let path = Executable.temporaryPath("events.jsonl")
    try result.stdout.write(to: URL(fileURLWithPath: path))
    return (path, result.stdout)
  }

  /// Compares one JSON snapshot with the reference at its time.
  static func check(
    _ json: [String: Any], _ events: [ReferenceEvent], window: Int64, gap: Int64, top: Int, invalid: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let stamp = try #require(json["time"] as? String)
    let time = try #require(Timestamp.parseISO8601(stamp))
    let read = events.filter { $0.time <= time }
    let expected = ReferenceModel.snapshot(read, at: time, window: window, gap: gap, top: top)
    let counts = try #require(json["events"] as? [String: Any])
    #expect(json["window_seconds"] as? Int == Int(window / 1_000_000), sourceLocation: sourceLocation)
    #expect(counts["total"] as? Int == expected.total, sourceLocation: sourceLocation)
    #expect(counts["in_window"] as? Int == expected.inWindow, sourceLocation: sourceLocation)
    let perSecond = (counts["per_second"] as? NSNumber)?.doubleValue ?? -1
    #expect(abs(perSecond - Double(expected.inWindow) * 1e6 / Double(window)) < 1e-6, sourceLocation: sourceLocation)
    #expect(counts["invalid"] as? Int == invalid, sourceLocation: sourceLocation)
    #expect(counts["late"] as? Int == 0, sourceLocation: sourceLocation)
    #expect(json["active_users"] as? Int == expected.activeUsers, sourceLocation: sourceLocation)
    let pages = try #require(json["top_pages"] as? [[String: Any]])
    #expect(pages.map { $0["page"] as? String ?? "" } == expected.topPages.map(\.page), sourceLocation: sourceLocation)
    #expect(pages.map { $0["views"] as? Int ?? -1 } == expected.topPages.map(\.views), sourceLocation: sourceLocation)
    let sessions = try #require(json["sessions"] as? [String: Any])
    let durations = try #require(sessions["duration_seconds"] as? [String: Any])
    #expect(sessions["active"] as? Int == expected.sessionsActive, sourceLocation: sourceLocation)
    #expect(seconds(durations["max"]) == expected.maxLength, sourceLocation: sourceLocation)
    #expect(
      seconds(durations["mean"]) == ReferenceSnapshot.mean(expected.activeLengths), sourceLocation: sourceLocation)
    for (key, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)] {
      let exact = expected.quantile(q)
      let got = seconds(durations[key])
      #expect(
        abs(Double(got - exact)) <= max(0.02 * Double(exact), 1e6), "\(key) \(got) vs \(exact)",
        sourceLocation: sourceLocation)
    }
    #expect(sessions["completed"] as? Int == expected.sessionsCompleted, sourceLocation: sourceLocation)
    #expect(
      seconds(sessions["completed_mean_seconds"]) == ReferenceSnapshot.mean(expected.completedLengths),
      sourceLocation: sourceLocation)
    let purchases = try #require(json["purchases"] as? [String: Any])
    #expect(purchases["count"] as? Int == expected.purchases, sourceLocation: sourceLocation)
    let revenue = (purchases["revenue"] as? NSNumber)?.doubleValue ?? -1
    #expect(abs(revenue * 1e6 - Double(expected.revenueMicros)) < 1, sourceLocation: sourceLocation)
  }

  static func replay(
    _ path: String, options: [String], window: Int64, gap: Int64, interval: Int64, top: Int, burst: Int,
    invalidLines: Int = 0
  ) throws {
    let run = try Executable.run(["replay", path, "--headless"] + options)
    #expect(run.status == 0, "stderr: \(run.stderr)")
    let all = try parse(try Data(contentsOf: URL(fileURLWithPath: path)))
    let events = all.compactMap { $0 }
    #expect(all.count - events.count == invalidLines)
    let lines = run.stdoutText.split(separator: "\n").map { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }
    let snapshots = lines.filter { $0["type"] as? String == "snapshot" }
    let alerts = lines.filter { $0["type"] as? String == "alert" }
    #expect(snapshots.count + alerts.count == lines.count, "every line is a snapshot or an alert")

    let boundaries = ReferenceModel.boundaries(first: events.first!.time, last: events.last!.time, interval: interval)
    let times = snapshots.compactMap { ($0["time"] as? String).flatMap(Timestamp.parseISO8601) }
    #expect(times == boundaries + [events.last!.time])
    #expect(snapshots.dropLast().allSatisfy { $0["final"] as? Bool == false })
    #expect(snapshots.last?["final"] as? Bool == true)
    for snapshot in snapshots {
      let isFinal = snapshot["final"] as? Bool == true
      try check(
        snapshot, events, window: window, gap: gap, top: top,
        invalid: isFinal ? invalidLines : ((snapshot["events"] as? [String: Any])?["invalid"] as? Int ?? -1))
    }

    let expectedAlerts = ReferenceModel.alerts(events, gap: gap, burst: burst)
    #expect(alerts.count == expectedAlerts.count)
    for (json, want) in zip(alerts, expectedAlerts) {
      #expect(json["kind"] as? String == want.kind)
      #expect((json["time"] as? String).flatMap(Timestamp.parseISO8601) == want.time)
      #expect(json["user_id"] as? String == want.user)
      #expect(json["session_id"] as? String == want.session)
      if want.kind == "purchase" {
        #expect(Int64((((json["amount"] as? NSNumber)?.doubleValue ?? -1) * 1e6).rounded()) == want.amountMicros)
        #expect(json["order_id"] as? String == want.orderID)
      } else {
        #expect(json["count"] as? Int == want.count)
      }
    }
  }

  @Test func defaultSettingsMatchBruteForce() throws {
    // 30,000 events at 12/s span about 42 minutes: windows slide, sessions end after 30 minutes.
    let (path, _) = try Self.generate(["--events", "30000", "--rate", "12", "--seed", "7", "--users", "800"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Self.replay(
      path, options: ["--every", "30s"], window: 300_000_000, gap: 1_800_000_000, interval: 30_000_000, top: 10,
      burst: 100)
  }

  @Test func otherSettingsMatchBruteForce() throws {
    let (path, _) = try Self.generate(["--events", "8000", "--rate", "25", "--seed", "11", "--users", "300"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Self.replay(
      path, options: ["--window", "1m", "--session-gap", "2m", "--every", "7s", "--top", "3", "--burst", "50"],
      window: 60_000_000, gap: 120_000_000, interval: 7_000_000, top: 3, burst: 50)
  }

  @Test func invalidLinesAreCountedReportedAndSkipped() throws {
    let (clean, data) = try Self.generate(["--events", "3000", "--rate", "30", "--seed", "3"])
    defer { try? FileManager.default.removeItem(atPath: clean) }
    var lines = data.split(separator: 0x0A).map { Data($0) }
    let bad = [
      "{not json", #"{"user_id":"u","action":"page_view"}"#, "[]", #"{"user_id":7,"action":"a","timestamp":0}"#,
      #"{"user_id":"u","action":"a","timestamp":"yesterday"}"#,
      #"{"user_id":"u","action":"purchase","timestamp":"2026-11-27T08:00:01","properties":{"amount":"n/a"}}"#,
    ]
    var inserted = 0
    for i in stride(from: 100, to: 2900, by: 200) {
      lines.insert(Data(bad[inserted % bad.count].utf8), at: i + inserted)
      inserted += 1
    }
    let dirty = Executable.temporaryPath("dirty.jsonl")
    defer { try? FileManager.default.removeItem(atPath: dirty) }
    try Data(lines.joined(separator: Data([0x0A]))).write(to: URL(fileURLWithPath: dirty))
    let run = try Executable.run(["replay", dirty, "--headless"])
    #expect(run.status == 0)
    let messages = run.stderr.split(separator: "\n")
    #expect(messages.count == 11, "ten lines, then a count: \(run.stderr)")
    #expect(messages.first?.hasPrefix("eventtop: \(dirty):101: skipped: ") == true)
    #expect(messages.last == "eventtop: \(dirty): \(inserted) invalid lines skipped (first 10 shown)")
    let lastLine = try #require(run.stdoutText.split(separator: "\n").last)
    let final = try #require(try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
    #expect((final["events"] as? [String: Any])?["invalid"] as? Int == inserted)
    // The file has no newline at its end and still yields its last event.
    let cleanData = try Data(contentsOf: URL(fileURLWithPath: clean))
    let events = try Self.parse(cleanData).compactMap { $0 }
    try Self.check(final, events, window: 300_000_000, gap: 1_800_000_000, top: 10, invalid: inserted)
  }

  /// Decoding on two threads (large blocks split in halves) gives the very bytes of decoding on
  /// one: the same snapshots, alerts, invalid counts and reported line numbers.
  @Test func twoCoresGiveTheBytesOfOne() throws {
    try #require(Executable.allowedCPUs.count >= 2, "needs two CPUs to compare with one")
    // 60,000 events are about 13 MB: several 4 MB blocks, each decoded in two halves.
    let (clean, data) = try Self.generate(["--events", "60000", "--rate", "40", "--seed", "21", "--users", "900"])
    defer { try? FileManager.default.removeItem(atPath: clean) }
    var lines = data.split(separator: 0x0A).map { Data($0) }
    // Bad lines spread over blocks and over both halves of each; their line numbers are known.
    let positions = [3, 9_000, 11_000, 17_500, 26_000, 31_000, 40_000, 47_000, 52_000, 58_000]
    for position in positions.reversed() { lines.insert(Data("{broken".utf8), at: position) }
    let dirty = Executable.temporaryPath("dirty.jsonl")
    defer { try? FileManager.default.removeItem(atPath: dirty) }
    try Data(lines.joined(separator: Data([0x0A]))).write(to: URL(fileURLWithPath: dirty))
    for options in [["--headless"], ["--headless", "--every", "1m"]] {
      let both = try Executable.run(["replay", dirty] + options)
      let one = try Executable.run(["replay", dirty] + options, oneCPU: true)
      #expect(both.status == 0 && one.status == 0, "\(one.stderr)")
      #expect(both.stdout.count > 1000)
      #expect(both.stdout == one.stdout)
      #expect(both.stderr == one.stderr)
      // Each bad line reported where it is: inserted before original line `position`, after the
      // bad lines before it, so at 1-based line position + (bad lines before) + 1.
      let reported = both.stderr.split(separator: "\n").dropLast().map { line in
        Int(line.dropFirst("eventtop: \(dirty):".count).prefix { $0.isNumber }) ?? -1
      }
      #expect(reported == positions.enumerated().map { index, position in position + index + 1 })
    }
  }

  @Test func outputIsDeterministic() throws {
    let (path, _) = try Self.generate(["--events", "5000", "--seed", "5"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let first = try Executable.run(["replay", path, "--headless"])
    let second = try Executable.run(["replay", "-", "--headless"], stdinPath: path)
    #expect(first.status == 0 && second.status == 0)
    #expect(!first.stdout.isEmpty)
    #expect(first.stdout == second.stdout)
    let again = try Executable.run(["generate", "--events", "5000", "--seed", "5"])
    #expect(again.stdout == (try Data(contentsOf: URL(fileURLWithPath: path))))
  }

  @Test(
    arguments: [
      (["replay", "/nonexistent/file.jsonl", "--headless"], "cannot open '/nonexistent/file.jsonl'"),
      (["replay", "/tmp", "--headless"], "is a directory"),
      (["replay"], "needs a file"),
      (["replay", "x", "--window", "5x"], "--window: '5x' is not a positive duration"),
      (["replay", "x", "--every", "0s"], "--every: '0s' is not a positive duration"),
      (["replay", "x", "--bogus"], "unknown option '--bogus'"),
      (["frobnicate"], "unknown command 'frobnicate'"),
      (["generate", "--events", "-3"], "--events"),
      (["replay", "a", "b"], "one file"),
    ] as [([String], String)])
  func usageAndInputErrorsExitTwoWithOneLine(_ arguments: [String], _ message: String) throws {
    let run = try Executable.run(arguments)
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(lines.first?.hasPrefix("eventtop: ") == true)
    #expect(run.stderr.contains(message), "\(run.stderr)")
  }
}
