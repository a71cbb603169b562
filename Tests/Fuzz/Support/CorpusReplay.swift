#if canImport(Glibc)
  import Glibc
#endif

/// The entry point of a fuzz target: built with `-sanitize=fuzzer -DFUZZING`, libFuzzer's driver
/// (with its own options and corpus directories); otherwise a replay of the files and
/// directories given as arguments, so a corpus or a crashing input can be rerun without it.
public enum FuzzMain {
  /// The property under test, for libFuzzer's C callback.
  nonisolated(unsafe) static var check: ([UInt8]) -> Void = { _ in }

  public static func run(_ check: @escaping ([UInt8]) -> Void) -> Never {
    #if FUZZING
      Self.check = check
      var argc = CommandLine.argc
      var argv = CommandLine.unsafeArgv
      exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    #else
      CorpusReplay.run(check)
      exit(0)
    #endif
  }
}

#if FUZZING
  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
  ) -> Int32

  private func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzMain.check(FuzzMain.bytes(data, size))
    return 0
  }
#endif

extension FuzzMain {
  /// Stops with a crash libFuzzer records (and saves the input of) when a property fails.
  public static func require(_ condition: Bool, _ property: @autoclosure () -> String) {
    if !condition { fatalError("property violated: \(property())") }
  }

  /// libFuzzer's input as an array.
  public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  }
}

/// Runs a property check over files and directories of inputs (without libFuzzer).
enum CorpusReplay {
  static func run(_ check: ([UInt8]) -> Void) {
    var count = 0
    for path in CommandLine.arguments.dropFirst() {
      for file in files(path) {
        check(read(file))
        count += 1
      }
    }
    print("\(count) inputs passed")
  }

  static func files(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [path] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name != "." && name != ".." { names.append(path + "/" + name) }
    }
    return names.sorted()
  }

  static func read(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { fatalError("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = fread(&buffer, 1, buffer.count, file)
      if n <= 0 { break }
      bytes += buffer[..<n]
    }
    return bytes
  }
}
