import CSystem

#if canImport(Glibc)
  import Glibc
#endif

/// Why `eventtop bench` could not finish (a file it could not write, a child that failed).
public struct BenchError: Error, Sendable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// One run of eventtop itself in a child process, timed from spawn to exit; its CPU time comes
/// from the kernel (`wait4`), its peak RSS from the child itself (`PeakMemoryReport`).
struct ChildRun: Sendable {
  var seconds: Double
  var peakResidentMegabytes: Double
  var cpuSeconds: Double
  var cpuPercent: Double { cpuSeconds / seconds * 100 }
}

public enum ChildProcess {
  /// Where the child's standard input comes from.
  enum Input {
    case file(String)
    /// A pipe; the closure writes into its write end (on a thread of its own) and returns.
    case pipe(@Sendable (Int32) -> Void)
  }

  /// This program's own executable.
  static var executable: String {
    var path = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &path, path.count - 1)
    guard count > 0 else { return CommandLine.arguments[0] }
    return String(decoding: path.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Runs `executable arguments` with standard input from `input`, standard output into
  /// `outputPath`, standard error discarded; on the first allowed CPU only when `oneCPU`.
  static func run(
    _ arguments: [String], input: Input, outputPath: String = "/dev/null", oneCPU: Bool
  ) throws(BenchError) -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var pipeEnds: [Int32] = [-1, -1]
    switch input {
    case .file(let path):
      posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
    case .pipe:
      guard pipe(&pipeEnds) == 0 else { throw BenchError("cannot create a pipe: \(String(cString: strerror(errno)))") }
      posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
      posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
      posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
    }
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let program = executable
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    // The child reports its own peak RSS: the kernel's figure for a spawned child (`ru_maxrss`)
    // starts from the parent's, which holds the whole input here.
    let report = try TemporaryFile(empty: "peak-rss")
    defer { report.remove() }
    var environment: [UnsafeMutablePointer<CChar>?] = [strdup("\(PeakMemoryReport.variable)=\(report.path)")]
    var inherited = environ
    while let entry = inherited.pointee {
      environment.append(strdup(entry))
      inherited += 1
    }
    environment.append(nil)
    defer { for pointer in environment { free(pointer) } }

    // The child inherits the spawning thread's CPU mask; this thread gets its own back at once.
    var saved = et_cpu_mask()
    let pinned = oneCPU && et_get_cpus(&saved) == 0
    if pinned {
      var first = et_first_cpu(&saved)
      guard et_set_cpus(&first) == 0 else { throw BenchError("cannot restrict a child to one CPU") }
    }
    let clock = ContinuousClock()
    let start = clock.now
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, program, &actions, nil, argv, environment)
    if pinned { _ = et_set_cpus(&saved) }
    if case .pipe = input { close(pipeEnds[0]) }
    guard spawned == 0 else {
      if case .pipe = input { close(pipeEnds[1]) }
      throw BenchError("cannot run \(program): \(String(cString: strerror(spawned)))")
    }
    if case .pipe(let write) = input {
      let end = pipeEnds[1]
      BackgroundThread.start {
        write(end)
        close(end)
      }
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let elapsed = clock.now - start
    // WIFEXITED and WEXITSTATUS are macros: exited normally when the low 7 bits are zero.
    guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
      throw BenchError("'eventtop \(arguments.joined(separator: " "))' failed (wait status \(status))")
    }
    let cpu =
      Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    let peak = Int(String(decoding: report.read().prefix { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)) ?? 0
    return ChildRun(
      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      peakResidentMegabytes: Double(peak) / 1024, cpuSeconds: cpu)
  }

  /// Writes all of `bytes` to `descriptor`; false if the reader went away.
  @discardableResult
  public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return false
        }
        offset += written
      }
      return true
    }
  }
}

/// A file under $TMPDIR (or /tmp), removed when `remove()` is called.
struct TemporaryFile {
  let path: String

  init(_ name: String, contents: [UInt8]) throws(BenchError) {
    let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array("\(directory)/eventtop-\(name)-XXXXXX".utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else {
      throw BenchError("cannot create a file in \(directory): \(String(cString: strerror(errno)))")
    }
    path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let complete = ChildProcess.writeAll(contents, to: descriptor)
    close(descriptor)
    guard complete else {
      unlink(path)
      throw BenchError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }

  init(empty name: String) throws(BenchError) {
    try self.init(name, contents: [])
  }

  func read() -> [UInt8] {
    guard let file = fopen(path, "r") else { return [] }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count <= 0 { break }
      bytes.append(contentsOf: buffer.prefix(count))
    }
    return bytes
  }

  func remove() { unlink(path) }
}

/// With `EVENTTOP_PEAK_RSS_FILE` set, eventtop writes its peak RSS in kB (VmHWM) to that file as
/// it exits; `eventtop bench` reads it for its child processes.
public enum PeakMemoryReport {
  static let variable = "EVENTTOP_PEAK_RSS_FILE"

  /// Call once at startup.
  public static func installIfRequested() {
    guard getenv(variable) != nil else { return }
    atexit { PeakMemoryReport.write() }
  }

  static func write() {
    guard let path = getenv(variable), let file = fopen(path, "w") else { return }
    fputs("\(peakResidentKilobytes())\n", file)
    fclose(file)
  }

  /// Peak resident set size of this process in kB (VmHWM in /proc/self/status).
  static func peakResidentKilobytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
      let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if text.hasPrefix("VmHWM:") { return Int(text.filter(\.isNumber)) ?? 0 }
    }
    return 0
  }
}
