import Analytics
import Dashboard
import FuzzSupport

/// libFuzzer target for the command line: the argument parser, durations and timestamps
/// (README, Fuzzing). The input is split at NUL bytes into arguments.
///
/// Beyond not crashing: a parsed duration is positive and reads back from its own spelling; a
/// parsed timestamp reads back from its ISO 8601 form.
enum ArgumentProperties {
  static func check(_ bytes: [UInt8]) {
    let arguments = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    _ = try? Arguments.parse(arguments)
    _ = try? Arguments.parse(["replay", "x"] + arguments)
    for text in arguments {
      if let duration = TimeSpan.parse(text) {
        FuzzMain.require(duration > 0, "a duration that is not positive: \(text)")
        FuzzMain.require(
          TimeSpan.parse(TimeSpan.format(duration)) == duration, "a duration does not read back: \(text)")
      }
      if let time = Timestamp.parseISO8601(text) {
        FuzzMain.require(
          Timestamp.parseISO8601(Timestamp.iso8601(time)) == time, "a timestamp does not read back: \(text)")
      }
    }
  }
}

// libFuzzer calls this (with its own main) or `FuzzMain.run` hands the same check to its driver.
#if FUZZING
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzArguments(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ArgumentProperties.check(FuzzMain.bytes(data, size))
    return 0
  }
#endif

@main enum FuzzArgumentsMain {
  static func main() { FuzzMain.run(ArgumentProperties.check) }
}
