import Foundation

/// Runs the built `eventtop` binary, as a user would from a shell.
public enum Executable {
  /// The `eventtop` built next to the test bundle.
  public static var path: String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return bundle.appendingPathComponent("eventtop").path
  }

  public struct Result: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    public init(status: Int32, stdout: Data, stderr: String) {
      self.status = status
      self.stdout = stdout
      self.stderr = stderr
    }
  }

  /// Runs eventtop with `arguments`, standard input from `stdinPath` (or /dev/null), and waits;
  /// with `oneCPU`, under `taskset` on the first CPU this process may use.
  public static func run(_ arguments: [String], stdinPath: String? = nil, oneCPU: Bool = false) throws -> Result {
    let directory = NSTemporaryDirectory() + "eventtop-run-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let outPath = directory + "/out"
    let errPath = directory + "/err"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    let process = Process()
    if oneCPU {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
      process.arguments = ["-c", String(allowedCPUs.first ?? 0), path] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: path)
      process.arguments = arguments
    }
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardInput = FileHandle(forReadingAtPath: stdinPath ?? "/dev/null")
    try process.run()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      stdout: try Data(contentsOf: URL(fileURLWithPath: outPath)),
      stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
  }

  /// The CPUs this process may run on (from `Cpus_allowed_list` in /proc/self/status).
  public static var allowedCPUs: [Int] {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else {
      return []
    }
    return line.dropFirst("Cpus_allowed_list:".count).split(separator: ",").flatMap { part -> [Int] in
      let bounds = part.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard let low = bounds.first else { return [] }
      return Array(low...(bounds.last ?? low))
    }
  }

  public static func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "eventtop-\(UUID().uuidString)-\(name)"
  }
}

extension Executable {
  /// A running eventtop: signal it, then wait for it.
  public final class Running {
    let process: Process
    let outPath: String
    let errPath: String
    let directory: String

    init(_ arguments: [String], stdinPath: String?) throws {
      directory = NSTemporaryDirectory() + "eventtop-run-\(UUID().uuidString)"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      outPath = directory + "/out"
      errPath = directory + "/err"
      _ = FileManager.default.createFile(atPath: outPath, contents: nil)
      _ = FileManager.default.createFile(atPath: errPath, contents: nil)
      process = Process()
      process.executableURL = URL(fileURLWithPath: Executable.path)
      process.arguments = arguments
      process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
      process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
      process.standardInput = FileHandle(forReadingAtPath: stdinPath ?? "/dev/null")
      try process.run()
    }

    public var pid: Int32 { process.processIdentifier }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// What it printed so far.
    public var stdoutSoFar: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }

    /// Waits until what it printed so far satisfies `condition` (or `seconds` have passed);
    /// returns whether it did.
    @discardableResult
    public func waitForOutput(seconds: Double = 30, _ condition: (String) -> Bool) -> Bool {
      Poll.until(seconds: seconds) { condition(stdoutSoFar) }
    }

    /// Waits until the process has its quit-signal handlers in place (SIGTERM in the caught set
    /// of /proc/PID/status), so a signal sent next is handled instead of killing it. eventtop
    /// installs them after it has opened its input, so this also means the input is open.
    @discardableResult
    public func waitUntilItCatchesQuitSignals(seconds: Double = 30) -> Bool {
      Poll.until(seconds: seconds) {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let caught = status.split(separator: "\n").first { $0.hasPrefix("SigCgt:") }
          .flatMap { UInt64($0.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) }
        return (caught ?? 0) & (1 << UInt64(SIGTERM - 1)) != 0
      }
    }

    public func wait() throws -> Result {
      process.waitUntilExit()
      defer { try? FileManager.default.removeItem(atPath: directory) }
      return Result(
        status: process.terminationStatus, stdout: try Data(contentsOf: URL(fileURLWithPath: outPath)),
        stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
    }
  }

  public static func start(_ arguments: [String], stdinPath: String? = nil) throws -> Running {
    try Running(arguments, stdinPath: stdinPath)
  }

  /// The JSON objects of JSON Lines output.
  public static func jsonLines(_ text: String) -> [[String: Any]] {
    text.split(separator: "\n").compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
  }
}

/// Polling for a condition: tests wait on what a program shows instead of sleeping a fixed time,
/// which a loaded machine (CI under a sanitizer) can overrun.
public enum Poll {
  /// Checks `condition` every `interval` seconds until it holds (true) or `seconds` have passed
  /// (false). It is checked at least once.
  @discardableResult
  public static func until(
    seconds: Double, every interval: Double = 0.02, _ condition: () throws -> Bool
  ) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while try !condition() {
      if Date() >= deadline { return false }
      Thread.sleep(forTimeInterval: interval)
    }
    return true
  }
}
