import Analytics
import Foundation
import TestSupport
import Testing

/// The dashboard in a real terminal (tmux), driven by keys as a person would.
@Suite(.serialized) struct DashboardTmuxTests {
  static let panels = ["Active users", "Traffic", "Session lengths", "Top pages", "Purchases & alerts"]

  /// The `EXIT:n` line the shell prints after eventtop (not the typed command that contains it).
  static func exitStatus(_ screen: String) -> Int? {
    // (A long command line can wrap so that its own `EXIT:$?` starts a row: not a number.)
    for line in screen.split(separator: "\n") where line.hasPrefix("EXIT:") {
      if let status = Int(line.dropFirst(5)) { return status }
    }
    return nil
  }

  static func total(_ screen: String) -> Int? {
    guard let range = screen.range(of: #"total [0-9,]+"#, options: .regularExpression) else { return nil }
    return Int(screen[range].dropFirst(6).filter(\.isNumber))
  }

  @Test func liveDashboardAnswersKeysResizesAndRestoresTheTerminal() throws {
    let tmux = try Tmux(width: 160, height: 48)
    try tmux.type("\(Executable.path) --rate 200; echo EXIT:$?")
    var screen = try tmux.waitFor { text in Self.panels.allSatisfy { text.contains($0) } && Self.total(text) ?? 0 > 0 }
    for panel in Self.panels { #expect(screen.contains(panel), "missing \(panel):\n\(screen)") }
    #expect(screen.contains("● LIVE"))
    #expect(screen.contains("q quit"))
    let first = Self.total(screen) ?? 0
    screen = try tmux.waitFor { (Self.total($0) ?? 0) > first + 50 }
    #expect((Self.total(screen) ?? 0) > first, "the numbers move")

    // Space pauses: the panels freeze.
    try tmux.press("Space")
    screen = try tmux.waitFor { $0.contains("PAUSED") }
    #expect(screen.contains("⏸ PAUSED"))
    let frozen = Self.total(screen)
    Thread.sleep(forTimeInterval: 1.2)
    #expect(Self.total(try tmux.screen()) == frozen)
    try tmux.press("Space")
    screen = try tmux.waitFor { $0.contains("● LIVE") }
    #expect(screen.contains("● LIVE"))

    // t changes the theme, w the window, ? opens the help and any key closes it.
    try tmux.press("t")
    #expect(try tmux.waitFor { $0.contains("theme ") }.contains("theme "))
    try tmux.press("w")
    #expect(try tmux.waitFor { $0.contains("window 15m") }.contains("window 15m"))
    try tmux.press("?")
    screen = try tmux.waitFor { $0.contains("this help") }
    #expect(screen.contains("cycle the window"))
    try tmux.press("x")
    #expect(!(try tmux.waitFor { !$0.contains("this help") }.contains("this help")))

    // Resizes relayout at once, down to the notice and back.
    try tmux.resize(width: 70, height: 22)
    screen = try tmux.waitFor { $0.contains("Top pages") && $0.split(separator: "\n").first?.count ?? 0 <= 70 }
    #expect(screen.contains("Traffic"))
    try tmux.resize(width: 30, height: 8)
    #expect(try tmux.waitFor { $0.contains("too small") }.contains("too small"))
    try tmux.resize(width: 200, height: 60)
    screen = try tmux.waitFor { text in Self.panels.allSatisfy { text.contains($0) } }
    for panel in Self.panels { #expect(screen.contains(panel)) }

    // q quits with status 0, and the shell is back with a sane terminal.
    try tmux.press("q")
    screen = try tmux.waitFor { Self.exitStatus($0) != nil }
    #expect(Self.exitStatus(screen) == 0)
    #expect(!screen.contains("Top pages"), "the alternate screen is left")
    try tmux.type("stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' '; echo STTY\"\"DONE")
    screen = try tmux.waitFor { $0.contains("STTYDONE") }
    let modes = screen.split(separator: "\n").first { $0.hasSuffix("STTYDONE") } ?? ""
    #expect(modes == "isig icanon echo STTYDONE", "terminal modes after quitting: \(modes)")
  }

  /// Quit signals end with status 0; a crash (SIGSEGV, SIGABRT) still dies of its signal, but
  /// only after the handler has put the terminal back.
  @Test(arguments: [("C-c", 0), ("TERM", 0), ("HUP", 0), ("INT", 0), ("SEGV", 139), ("ABRT", 134)])
  func signalsRestoreTheTerminal(_ how: String, _ status: Int) throws {
    let tmux = try Tmux(width: 120, height: 40)
    try tmux.type("\(Executable.path); echo EXIT:$?")
    _ = try tmux.waitFor { $0.contains("Top pages") }
    if how == "C-c" {
      try tmux.press("C-c")
    } else {
      // The eventtop of this pane only: the child of its shell.
      let shell = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{pane_pid}"])
        .trimmingCharacters(in: .whitespacesAndNewlines)
      _ = try Spawn.output("/usr/bin/pkill", ["-\(how)", "-P", shell])
    }
    let screen = try tmux.waitFor { Self.exitStatus($0) != nil }
    #expect(Self.exitStatus(screen) == status, "\(how): \(screen)")
    #expect(!screen.contains("Top pages"), "\(how) left the dashboard on screen")
    let alternate = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{alternate_on}"])
    #expect(alternate.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(how): the alternate screen is left")
    try tmux.type("stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' '; echo STTY\"\"DONE")
    let after = try tmux.waitFor { $0.contains("STTYDONE") }
    #expect(after.split(separator: "\n").contains("isig icanon echo STTYDONE"), "\(how): \(after)")
  }

  /// Keys come from /dev/tty, so they work while standard input is a pipe of events; when the
  /// pipe ends the dashboard keeps the final state and says so.
  @Test func followingAPipeKeepsTheKeyboardAndTheFinalState() throws {
    let tmux = try Tmux(width: 140, height: 40)
    let start = Timestamp.iso8601(Int64(Date().timeIntervalSince1970 * 1e6) - 30_000_000)
    try tmux.type(
      "\(Executable.path) generate --events 2000 --rate 100 --start \(start) | \(Executable.path) follow -; echo EXIT:$?"
    )
    var screen = try tmux.waitFor { $0.contains("STREAM ENDED") }
    #expect(screen.contains("■ STREAM ENDED"))
    #expect(screen.contains("stdin"))
    #expect(screen.contains("total 2,000"))
    try tmux.press("w")
    screen = try tmux.waitFor { $0.contains("window 15m") }
    #expect(screen.contains("total 2,000"), "the final state stays")
    try tmux.press("q")
    screen = try tmux.waitFor { Self.exitStatus($0) != nil }
    #expect(Self.exitStatus(screen) == 0)
  }

  @Test func replaySpeedKeysAndTheEnd() throws {
    let tmux = try Tmux(width: 140, height: 40)
    let generated = try Executable.run(["generate", "--events", "3000", "--rate", "50"])
    let path = Executable.temporaryPath("replay.jsonl")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try generated.stdout.write(to: URL(fileURLWithPath: path))
    try tmux.type("\(Executable.path) replay \(path) --speed 8; echo EXIT:$?")
    var screen = try tmux.waitFor { $0.contains("REPLAY 8×") && $0.contains("2026-11-27 08:0") }
    #expect(screen.contains("▶ REPLAY 8×"))
    #expect(screen.contains("2026-11-27 08:0"), "the clock is the recording's")
    try tmux.press("+")
    #expect(try tmux.waitFor { $0.contains("REPLAY 16×") }.contains("REPLAY 16×"))
    try tmux.press("-", "-")
    #expect(try tmux.waitFor { $0.contains("REPLAY 4×") }.contains("REPLAY 4×"))
    try tmux.press("Space")
    #expect(try tmux.waitFor { $0.contains("PAUSED") }.contains("PAUSED"))
    try tmux.press("Space")
    for _ in 0..<8 { try tmux.press("+") }
    screen = try tmux.waitFor(seconds: 120) { $0.contains("REPLAY FINISHED") }
    #expect(screen.contains("■ REPLAY FINISHED"))
    #expect(screen.contains("100%"))
    #expect(screen.contains("total 3,000"))
    try tmux.press("q")
    #expect(Self.exitStatus(try tmux.waitFor { Self.exitStatus($0) != nil }) == 0)
  }
}
