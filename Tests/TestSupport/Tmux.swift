import Foundation

/// Drives a program in a real terminal: a tmux server of its own (no user configuration), one
/// session with a plain shell, keys sent and the screen captured as a person would see it.
public final class Tmux {
  public let socket: String
  public let session = "main"

  /// The server's process, killed at the end whatever state it is in.
  private var serverPID: Int32 = 0

  public init(width: Int, height: Int) throws {
    socket = "eventtop-test-\(UUID().uuidString.prefix(8))"
    try run([
      "-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
      "env", "PS1=$ ", "TERM=tmux-256color", "LANG=C.UTF-8", "sh",
    ])
    serverPID =
      Int32((try? run(["display-message", "-p", "#{pid}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
  }

  deinit {
    _ = try? run(["kill-server"])
    if serverPID > 0 { kill(serverPID, SIGKILL) }
  }

  @discardableResult
  public func run(_ arguments: [String]) throws -> String {
    try Spawn.output("/usr/bin/tmux", ["-L", socket] + arguments)
  }

  /// Types `text` and presses Enter.
  public func type(_ text: String) throws {
    try run(["send-keys", "-t", session, "-l", text])
    try run(["send-keys", "-t", session, "Enter"])
  }

  /// Clears the screen, waits until nothing but the prompt is left on it, then types `text`: a
  /// wait for this command's output (an `EXIT:` line, say) can never see an earlier command's.
  public func typeOnACleanScreen(_ text: String) throws {
    try type("clear")
    try waitFor { screen in
      screen.split(separator: "\n").allSatisfy {
        $0.trimmingCharacters(in: .whitespaces).isEmpty || $0 == "$" || $0 == "$ "
      }
    }
    try type(text)
  }

  /// Presses keys by tmux name (`Space`, `q`, `C-c`, `Tab`).
  public func press(_ keys: String...) throws {
    try run(["send-keys", "-t", session] + keys)
  }

  public func screen() throws -> String {
    try run(["capture-pane", "-p", "-t", session])
  }

  public func resize(width: Int, height: Int) throws {
    try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
  }

  /// Polls the screen until `condition` holds (or the time is up) and returns the last screen.
  @discardableResult
  public func waitFor(seconds: Double = 10, _ condition: (String) -> Bool) throws -> String {
    var text = try screen()
    try Poll.until(seconds: seconds, every: 0.1) {
      if condition(text) { return true }
      text = try screen()
      return false
    }
    return text
  }

  public var paneTitle: String {
    (try? run(["display-message", "-p", "-t", session, "#{pane_title}"]))?.trimmingCharacters(
      in: .whitespacesAndNewlines) ?? ""
  }
}

/// Runs a program with posix_spawn and waitpid. (Foundation's Process loses the exit of tmux's
/// client, which forks the server, and then waits forever.)
public enum Spawn {
  /// Runs `path` with `arguments`, standard output to a file; returns what it printed.
  public static func output(_ path: String, _ arguments: [String]) throws -> String {
    let outputPath = NSTemporaryDirectory() + "spawn-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    // A clean start: no signal blocked or ignored because this test thread had it so (a tmux
    // server that inherited a blocked SIGTERM outlives the test).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
  }
}

#if canImport(Glibc)
  import Glibc
#endif
