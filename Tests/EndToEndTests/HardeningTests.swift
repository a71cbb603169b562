import Analytics
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile input, lying clocks, hostile text in a real terminal, closed pipes and odd files.
@Suite(.serialized) struct HardeningTests {
  // MARK: - A valid file with every kind of bad line mixed in

  /// Lines that must each be counted invalid and change nothing else.
  static func badLines() -> [[UInt8]] {
    let time = #""timestamp":"2026-11-27T08:00:30Z""#
    func line(_ text: String) -> [UInt8] { Array(text.utf8) }
    var lines: [[UInt8]] = [
      line(#"{"user_id":"u1","action":"page_view","#),  // truncated
      line(#"{"user_id":"u1","action":"page_view","properties":{"page_url":"/a"},"timestamp":"2026-11-2"#),
      line("garbage"), line("{"), line("}"), line(#"{"user_id":"u1",}"#), line("{'user_id':'u1'}"),
      line(#""just a string""#), line("42"), line("null"), line("[]"), line("true"),
      line(#"{"user_id":"u1","action":"a",\#(time)} trailing"#),
      line(#"{"user_id":"u1","action":"a",\#(time)}{}"#),
      line(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),  // deep, not an object
      line(#"{"user_id":"u1","action":"a",\#(time),"x":"# + String(repeating: "[", count: 100_000)),  // deep, unclosed
      line(#"{"user_id":"u1","action":"purchase",\#(time),"properties":{"amount":1e400}}"#),
      line(#"{"user_id":"u1","action":"purchase",\#(time),"properties":{"amount":"lots"}}"#),
      line(#"{"user_id":"u1","action":"purchase",\#(time),"properties":{"amount":{}}}"#),
      line(#"{"user_id":"u1","action":"purchase",\#(time),"properties":{"amount":NaN}}"#),
      line(#"{"user_id":"a","user_id":"b","action":"page_view",\#(time)}"#),  // duplicate key
      line(#"{"user_id":"a","action":"page_view",\#(time),"timestamp":"2026-11-27T08:00:31Z"}"#),
      line(#"{"user_id":"u\x","action":"a",\#(time)}"#),  // bad escape
      line(#"{"user_id":"u\u12","action":"a",\#(time)}"#),
      // Wrong types for every field.
      line(#"{"user_id":5,"action":"a",\#(time)}"#), line(#"{"user_id":"","action":"a",\#(time)}"#),
      line(#"{"user_id":null,"action":"a",\#(time)}"#), line(#"{"action":"a",\#(time)}"#),
      line(#"{"user_id":"u1","action":null,\#(time)}"#), line(#"{"user_id":"u1","action":"",\#(time)}"#),
      line(#"{"user_id":"u1","action":["a"],\#(time)}"#), line(#"{"user_id":"u1","action":"a"}"#),
      line(#"{"user_id":"u1","action":"a","timestamp":true}"#),
      line(#"{"user_id":"u1","action":"a","timestamp":"yesterday"}"#),
      line(#"{"user_id":"u1","action":"a","timestamp":"2026-13-01T00:00:00"}"#),
      line(#"{"user_id":"u1","action":"a","timestamp":"2026-02-30T00:00:00"}"#),
      line(#"{"user_id":"u1","action":"a","timestamp":"2026-11-27T24:00:00"}"#),
      line(#"{"user_id":"u1","action":"a","timestamp":01}"#), line(#"{"user_id":"u1","action":"a","timestamp":+1}"#),
      line(#"{"user_id":"u1","action":"a",\#(time),"properties":"x"}"#),
      line(#"{"user_id":"u1","action":"a",\#(time),"properties":[]}"#),
      line(#"{"user_id":"u1","action":"a",\#(time),"session_id":7}"#),
      line(#"{"user_id":"u1","action":"a",\#(time),"event_id":[]}"#),
      line(#"{"user_id":"u1","action":"page_view",\#(time),"properties":{"page_url":3}}"#),
    ]
    let good = line(#"{"user_id":"u1","action":"page_view",\#(time),"properties":{"page_url":"/a"}}"#)
    // Raw bytes that are not UTF-8 or not allowed in JSON strings, inside the page.
    let page = good.count - 4
    for bytes: [UInt8] in [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x00], [0x01], [0x1B]] {
      lines.append(Array(good[..<page]) + bytes + Array(good[page...]))
    }
    // A 10 MB line: over --max-line-bytes, skipped without being kept whole.
    lines.append(
      line(#"{"user_id":"u1","action":"page_view",\#(time),"pad":""#) + [UInt8](repeating: 0x61, count: 10 << 20)
        + line(#""}"#))
    return lines
  }

  /// The same event written differently: escapes, CRLF, unknown fields of every shape (numbers
  /// out of double range, -0, surrogates, \u0000, 100,000 levels of nesting), spaces.
  static func equivalent(_ line: String, variant: Int) -> [UInt8] {
    switch variant % 5 {
    case 0:
      return Array((line + "\r").utf8)
    case 1:
      // The user id with every character escaped.
      guard let range = line.range(of: #""user_id":"[^"]*""#, options: .regularExpression) else { break }
      let id = line[range].dropFirst(11).dropLast()
      let escaped = id.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
      return Array(line.replacingCharacters(in: range, with: #""user_id":"\#(escaped)""#).utf8)
    case 2:
      let unknown = #""zz":[1e400,-0,-0.0,1E-400,"\ud83d\ude00","\ud800","\udfff","\u0000",{"a":{"b":[null,true]}}],"#
      return Array(("{" + unknown + line.dropFirst()).utf8)
    case 3:
      let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
      return Array(("{\"deep\":" + deep + "," + line.dropFirst()).utf8)
    default:
      return Array(("{ \t" + line.dropFirst().dropLast() + " }  ").utf8)
    }
    return Array(line.utf8)
  }

  struct HostileFile {
    var bytes: [UInt8] = []
    var badLineNumbers: [Int] = []
    var late = 0
    var future = 0
  }

  /// The clean lines with bad lines, blank lines and lone lying times mixed in, a byte order mark
  /// first and no newline at the end.
  static func hostile(from clean: [String]) -> HostileFile {
    var file = HostileFile()
    file.bytes = [0xEF, 0xBB, 0xBF]
    var lineNumber = 0
    func add(_ bytes: [UInt8]) {
      if lineNumber > 0 { file.bytes.append(0x0A) }
      file.bytes += bytes
      lineNumber += 1
    }
    let bad = badLines()
    var nextBad = 0
    for (i, line) in clean.enumerated() {
      if i > 2 && i % 7 == 3 {
        if nextBad < bad.count {
          add(bad[nextBad])
          file.badLineNumbers.append(lineNumber)
          nextBad += 1
        } else if i % 3 == 0 {
          add(Array("   \t".utf8))  // blank: ignored, not invalid
        } else if i % 2 == 0 {
          add(Array(Lines.event(user: "liar", time: -62_135_596_800_000_000).utf8))  // year 1: late
          file.late += 1
        } else {
          add(Array(Lines.event(user: "liar", time: 253_402_300_799_000_000).utf8))  // year 9999: future
          file.future += 1
        }
      }
      add(i % 4 == 1 ? equivalent(line, variant: i / 4) : Array(line.utf8))
    }
    precondition(nextBad == bad.count, "the clean file is too short for every bad line")
    return file
  }

  /// Snapshot lines with the counters that differ by design set aside, and alerts as they are.
  static func comparable(_ output: String) -> [NSDictionary] {
    Executable.jsonLines(output).map { object in
      var object = object
      if var events = object["events"] as? [String: Any] {
        // Late and future events are read (in `total`) but not added: what was added must match.
        let dropped = (events["late"] as? Int ?? 0) + (events["future"] as? Int ?? 0)
        events["total"] = (events["total"] as? Int ?? 0) - dropped
        events["invalid"] = nil
        events["late"] = nil
        events["future"] = nil
        object["events"] = events
      }
      return object as NSDictionary
    }
  }

  /// 4000 as the status bar writes it: 4,000.
  static func grouped(_ n: Int) -> String {
    n < 1000 ? String(n) : String(n / 1000) + "," + String(format: "%03d", n % 1000)
  }

  static func cleanLines() throws -> [String] {
    let generated = try Executable.run(["generate", "--events", "4000", "--rate", "25", "--seed", "21"])
    return generated.stdoutText.split(separator: "\n").map(String.init)
  }

  @Test func everyKindOfBadLineMixedIntoAValidFileChangesNothingElse() throws {
    let clean = try Self.cleanLines()
    let hostile = Self.hostile(from: clean)
    let cleanPath = Executable.temporaryPath("clean.jsonl")
    let hostilePath = Executable.temporaryPath("hostile.jsonl")
    defer {
      try? FileManager.default.removeItem(atPath: cleanPath)
      try? FileManager.default.removeItem(atPath: hostilePath)
    }
    try Data((clean.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: cleanPath))
    try Data(hostile.bytes).write(to: URL(fileURLWithPath: hostilePath))

    let options = ["--headless", "--window", "1m", "--every", "20s"]
    let expected = try Executable.run(["replay", cleanPath] + options)
    let run = try Executable.run(["replay", hostilePath] + options)
    #expect(run.status == 0)
    let want = Self.comparable(expected.stdoutText)
    let got = Self.comparable(run.stdoutText)
    #expect(got.count == want.count)
    #expect(got == want, "every alert and snapshot equals the clean file's")
    let final = try #require(Executable.jsonLines(run.stdoutText).last?["events"] as? [String: Any])
    #expect(final["invalid"] as? Int == hostile.badLineNumbers.count)
    #expect(final["late"] as? Int == hostile.late)
    #expect(final["future"] as? Int == hostile.future)
    #expect(final["total"] as? Int == clean.count + hostile.late + hostile.future)
    // The first ten bad lines by number, then the count.
    let reported = run.stderr.split(separator: "\n")
    #expect(reported.count == 11)
    for (line, number) in zip(reported, hostile.badLineNumbers.prefix(10)) {
      #expect(line.hasPrefix("eventtop: \(hostilePath):\(number): skipped: "), "\(line)")
    }
    #expect(
      reported.last
        == "eventtop: \(hostilePath): \(hostile.badLineNumbers.count) invalid lines skipped (first 10 shown)")

    // From a pipe, two cores or one: the same.
    let piped = try Executable.run(["replay", "-"] + options, stdinPath: hostilePath)
    #expect(piped.stdout == run.stdout)
    let oneCPU = try Executable.run(["replay", hostilePath] + options, oneCPU: true)
    #expect(oneCPU.stdout == run.stdout)

    // The dashboard shows the same totals and counts, and reports the bad lines after it closes.
    let tmux = try Tmux(width: 160, height: 48)
    try tmux.type("\(Executable.path) replay \(hostilePath) --speed max --window 1m; echo EXIT:$?")
    let screen = try tmux.waitFor(seconds: 120) { $0.contains("REPLAY FINISHED") }
    #expect(screen.contains("total \(Self.grouped(clean.count + hostile.late + hostile.future))"), "\(screen)")
    #expect(screen.contains("invalid \(hostile.badLineNumbers.count)"))
    #expect(screen.contains("late \(hostile.late)"))
    #expect(screen.contains("future \(hostile.future)"))
    try tmux.press("q")
    let after = try tmux.waitFor { DashboardTmuxTests.exitStatus($0) != nil }
    #expect(DashboardTmuxTests.exitStatus(after) == 0)
    #expect(after.contains("\(hostile.badLineNumbers.count) invalid lines skipped"))
  }

  /// Each bad line on its own: no snapshot, status 0, the line reported with its reason.
  @Test func everyKindOfBadLineOnItsOwn() throws {
    let path = Executable.temporaryPath("one-bad-line.jsonl")
    defer { try? FileManager.default.removeItem(atPath: path) }
    for (i, line) in Self.badLines().enumerated() {
      try Data(line).write(to: URL(fileURLWithPath: path))
      let run = try Executable.run(["replay", path, "--headless"])
      #expect(run.status == 0, "bad line \(i)")
      #expect(run.stdout.isEmpty, "bad line \(i): no event, no snapshot")
      let reported = run.stderr.split(separator: "\n")
      #expect(reported.count == 2, "bad line \(i): \(run.stderr)")
      #expect(reported.first?.hasPrefix("eventtop: \(path):1: skipped: ") == true, "bad line \(i): \(run.stderr)")
      #expect(reported.last == "eventtop: \(path): 1 invalid line skipped", "bad line \(i)")
    }
  }

  // MARK: - Odd files

  @Test func emptyFilesDevNullDirectoriesAndFIFOs() throws {
    let empty = Executable.temporaryPath("empty.jsonl")
    try Data().write(to: URL(fileURLWithPath: empty))
    defer { try? FileManager.default.removeItem(atPath: empty) }
    for path in [empty, "/dev/null"] {
      let run = try Executable.run(["replay", path, "--headless"])
      #expect(run.status == 0)
      #expect(run.stdout.isEmpty, "no event, no snapshot")
      #expect(run.stderr.isEmpty)
    }
    let directory = try Executable.run(["replay", NSTemporaryDirectory(), "--headless"])
    #expect(directory.status == 2)
    #expect(directory.stderr.split(separator: "\n").count == 1)
    #expect(directory.stderr.contains("is a directory"))

    // A FIFO: read as it is written, like a pipe.
    let clean = try Self.cleanLines()
    let text = Data((clean.joined(separator: "\n") + "\n").utf8)
    let cleanPath = Executable.temporaryPath("clean.jsonl")
    try text.write(to: URL(fileURLWithPath: cleanPath))
    let fifo = Executable.temporaryPath("events.fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    defer {
      unlink(fifo)
      try? FileManager.default.removeItem(atPath: cleanPath)
    }
    let writer = Thread {
      guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
      for start in stride(from: 0, to: text.count, by: 65_536) {
        handle.write(text.subdata(in: start..<min(start + 65_536, text.count)))
      }
      handle.closeFile()
    }
    writer.start()
    let viaFIFO = try Executable.run(["replay", fifo, "--headless"])
    #expect(viaFIFO.status == 0)
    #expect(viaFIFO.stdout == (try Executable.run(["replay", cleanPath, "--headless"])).stdout)

    // The dashboard: an empty file finishes at once with nothing to show; a directory is an
    // error before the terminal is touched.
    let tmux = try Tmux(width: 120, height: 40)
    for path in [empty, "/dev/null"] {
      try tmux.typeOnACleanScreen("\(Executable.path) replay \(path); echo EXIT:$?")
      let screen = try tmux.waitFor { $0.contains("REPLAY FINISHED") }
      #expect(screen.contains("total 0"))
      try tmux.press("q")
      #expect(DashboardTmuxTests.exitStatus(try tmux.waitFor { DashboardTmuxTests.exitStatus($0) != nil }) == 0)
    }
    try tmux.typeOnACleanScreen("\(Executable.path) replay \(NSTemporaryDirectory()); echo EXIT:$?")
    let screen = try tmux.waitFor { DashboardTmuxTests.exitStatus($0) != nil }
    #expect(DashboardTmuxTests.exitStatus(screen) == 2)
    #expect(screen.contains("is a directory"))

    // The dashboard on a FIFO: it plays what is written and finishes when the writer closes.
    let dashboardWriter = Thread {
      guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
      handle.write(text)
      handle.closeFile()
    }
    dashboardWriter.start()
    try tmux.typeOnACleanScreen("\(Executable.path) replay \(fifo) --speed max; echo EXIT:$?")
    let played = try tmux.waitFor(seconds: 120) { $0.contains("REPLAY FINISHED") }
    #expect(played.contains("total \(Self.grouped(clean.count))"), "\(played)")
    try tmux.press("q")
    #expect(DashboardTmuxTests.exitStatus(try tmux.waitFor { DashboardTmuxTests.exitStatus($0) != nil }) == 0)
  }

  // MARK: - Closed pipes

  /// A reader that goes away ends eventtop quietly: status 0, nothing on stderr.
  @Test func aClosedPipeEndsQuietly() throws {
    let clean = try Self.cleanLines()
    let path = Executable.temporaryPath("clean.jsonl")
    try Data((clean.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let errors = Executable.temporaryPath("stderr.txt")
    defer { try? FileManager.default.removeItem(atPath: errors) }
    for command in [
      "generate", "generate --events 100000000", "replay \(path) --headless --every 1s",
      "--headless --rate 100000 --every 0.1s", "replay \(path) --headless --format json --every 1s",
    ] {
      let script = "\(Executable.path) \(command) 2>\(errors) | head -n 2 >/dev/null; echo ${PIPESTATUS[0]}"
      let status = try Spawn.output("/bin/bash", ["-c", script]).trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(status == "0", "\(command): exit \(status)")
      let printed = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "?"
      #expect(printed.isEmpty, "\(command) printed: \(printed)")
    }
  }

  // MARK: - Hostile text in a real terminal

  static let hostilePages = [
    "/\u{1B}[2Jcleared", "/\u{1B}]0;PWNED\u{07}title", "/bell\u{07}\u{07}", "/back\u{08}\u{08}\u{08}space",
    "/carriage\rreturn", "/\u{202E}evil\u{202C}", "/zero\u{200B}width\u{200D}", "/c1\u{9B}31mred",
    "/页面/购物车", "/emoji🛒🎉", "/cafe\u{301}", "/\u{1B}[10;10Hmoved", "/\u{1B}P1$qm\u{1B}\\dcs", "/plain",
    "/flag/🇯🇵🇺🇸",
  ]
  static let hostileUsers = ["u\u{1B}[31mred", "u\u{1B}]2;PWN\u{1B}\\x", "u页面", "u🛒", "ue\u{301}", "u\u{202E}abc"]

  /// Display columns of `text` as the terminal counts them (the C library's wcwidth).
  static func columns(_ text: Substring) -> Int {
    text.unicodeScalars.reduce(0) { $0 + max(0, Int(wcwidth(Int32(bitPattern: $1.value)))) }
  }

  /// The C library's wcwidth (not exported by the Glibc module).
  static let wcwidth: @convention(c) (Int32) -> Int32 = {
    let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth")!
    return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
  }()

  @Test func hostileTextNeverReachesTheTerminal() throws {
    setlocale(LC_ALL, "C.UTF-8")
    var lines: [String] = []
    for i in 0..<840 {
      let time = 1_795_766_400_000_000 + Int64(i) * 100_000
      let user = Self.hostileUsers[i % Self.hostileUsers.count]
      if i % 7 == 0 {
        lines.append(
          Lines.event(
            user: user, action: "purchase", time: time, session: "s\(i % 20)", amount: "12.5", order: "o\u{1B}[5m\(i)"))
      } else {
        lines.append(
          Lines.event(
            user: user, time: time, session: "s\(i % 20)",
            page: Self.hostilePages[(i - i / 7) % Self.hostilePages.count]))
      }
    }
    let path = Executable.temporaryPath("hostile-text.jsonl")
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }

    let tmux = try Tmux(width: 160, height: 48)
    try tmux.run(["select-pane", "-t", tmux.session, "-T", "before"])
    try tmux.type("\(Executable.path) replay \(path) --speed max; echo EXIT:$?")
    let screen = try tmux.waitFor(seconds: 120) { $0.contains("REPLAY FINISHED") && $0.contains("/plain") }
    let state = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{alternate_on} #{cursor_flag}"])
    #expect(state.trimmingCharacters(in: .whitespacesAndNewlines) == "1 0", "alternate screen on, cursor hidden")
    #expect(tmux.paneTitle == "before", "no title was set")
    // Every row is exactly the terminal's width: nothing moved the cursor or ate a column.
    let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(rows.count == 48)
    // (The status and key lines end in blanks, which capture-pane trims.)
    for row in rows.dropFirst().prefix(46) {
      #expect(Self.columns(row) == 160, "row of \(Self.columns(row)) columns: \(row)")
    }
    // Controls are shown, not obeyed.
    for visible in [
      "/^[[2Jcleared", "/^[]0;PWNED^Gtitle", "/bell^G^G", "/back^H^H^Hspace", "/carriage^Mreturn",
      "/^[[10;10Hmoved", "/^[P1$qm^[\\dcs", "/�evil�", "/zero�width�", "/c1�31mred", "/页面/购物车", "/emoji🛒🎉",
      "/flag/🇯🇵🇺🇸", "u^[[31mred", "u页面", "o^[[5m",
    ] {
      #expect(screen.contains(visible), "\(visible) not shown")
    }
    // Wide and combining characters keep the columns aligned: the views column of the top pages
    // starts at one display column on every row.
    // The right column (top pages) starts at display column 80 of 160.
    let pageRows = rows.compactMap { row -> Substring? in
      var start = row.startIndex
      while start < row.endIndex && Self.columns(row[..<start]) < 81 { start = row.index(after: start) }
      let right = row[start...]
      return right.range(of: #"^ +[0-9]+ /"#, options: .regularExpression) != nil ? right : nil
    }
    let viewColumns = Set(
      pageRows.compactMap { row -> Int? in
        guard let range = row.range(of: #" [0-9]+ [█▉▊▋▌▍▎▏]"#, options: .regularExpression) else { return nil }
        return Self.columns(row[..<range.lowerBound])
      })
    #expect(pageRows.count >= Self.hostilePages.count, "\(pageRows.joined(separator: "\n"))")
    #expect(viewColumns.count == 1, "views start at columns \(viewColumns)")

    try tmux.press("q")
    let after = try tmux.waitFor { DashboardTmuxTests.exitStatus($0) != nil }
    #expect(DashboardTmuxTests.exitStatus(after) == 0, "\(after)")
    let end = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{alternate_on}"])
    #expect(end.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    #expect(tmux.paneTitle == "before")
  }
}
