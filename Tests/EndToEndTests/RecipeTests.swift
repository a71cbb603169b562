import Foundation
import TestSupport
import Testing

/// The README's recipes for real streams, run as a shell runs them (headless, so no terminal
/// is needed).
@Suite(.serialized) struct RecipeTests {
  static func shell(_ script: String) throws -> Executable.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    let out = Executable.temporaryPath("out")
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: out) }
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return Executable.Result(
      status: process.terminationStatus, stdout: try Data(contentsOf: URL(fileURLWithPath: out)), stderr: "")
  }

  static func freshEvents(_ count: Int) throws -> String {
    let start = Date().addingTimeInterval(-30)
    let formatter = ISO8601DateFormatter()
    let generated = try Executable.run([
      "generate", "--events", "\(count)", "--rate", "100", "--start", formatter.string(from: start),
    ])
    return generated.stdoutText
  }

  /// `tail -n 0 -F /var/log/app/events.jsonl | eventtop follow -`
  @Test func tailFollowRecipe() throws {
    let log = Executable.temporaryPath("app-events.jsonl")
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: log) }
    let lines = try Self.freshEvents(500)
    let writer = Thread {
      Thread.sleep(forTimeInterval: 0.7)
      let handle = FileHandle(forWritingAtPath: log)!
      handle.seekToEndOfFile()
      handle.write(Data(lines.utf8))
      handle.closeFile()
    }
    writer.start()
    let run = try Self.shell(
      "tail -n 0 -F \(log) 2>/dev/null | \(Executable.path) follow - --headless --every 1s --duration 2.5s")
    #expect(run.status == 0)
    let final = try #require(Executable.jsonLines(run.stdoutText).last)
    #expect(final["final"] as? Bool == true)
    #expect((final["events"] as? [String: Any])?["total"] as? Int == 500)
  }

  /// `kcat -C -b HOST:9092 -t realtime_events -u -f '%s\n' | eventtop follow -`, with a stand-in
  /// for kcat that writes messages the way `-f '%s\n'` does (payload, newline, unbuffered), since
  /// no Kafka broker is reachable from the test machine.
  @Test func kcatRecipeShape() throws {
    let directory = NSTemporaryDirectory() + "kcat-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let payloads = directory + "/payloads"
    try Self.freshEvents(300).write(toFile: payloads, atomically: true, encoding: .utf8)
    let stub = directory + "/kcat"
    try "#!/bin/sh\nwhile IFS= read -r message; do printf '%s\\n' \"$message\"; done < \(payloads)\n"
      .write(toFile: stub, atomically: true, encoding: .utf8)
    chmod(stub, 0o755)
    let run = try Self.shell(
      "PATH=\(directory):$PATH; kcat -C -b localhost:9092 -t realtime_events -u -f '%s\\n' | "
        + "\(Executable.path) follow - --headless --every 1s")
    #expect(run.status == 0)
    let final = try #require(Executable.jsonLines(run.stdoutText).last)
    #expect((final["events"] as? [String: Any])?["total"] as? Int == 300)
    #expect((final["events"] as? [String: Any])?["invalid"] as? Int == 0)
  }
}

#if canImport(Glibc)
  import Glibc
#endif
