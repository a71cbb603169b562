import Analytics
import EventSources

/// Parses eventtop's command line. Options may come before or after the file; `--name value`
/// and `--name=value` are both accepted.
public enum Arguments {
  public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
    var rest = ArraySlice(arguments)
    guard let first = rest.first else { return .live(LiveOptions()) }
    switch first {
    case "-h", "--help", "help": return .help
    case "-V", "--version", "version": return .version
    case "replay":
      rest.removeFirst()
      return .replay(try parseReplay(&rest))
    case "generate":
      rest.removeFirst()
      return .generate(try parseGenerate(&rest))
    case "bench":
      rest.removeFirst()
      return .bench(try parseBench(&rest))
    default:
      guard first.hasPrefix("-") else {
        throw UsageError("unknown command '\(first)' (commands: replay, generate, bench; see eventtop --help)")
      }
      return .live(try parseLive(&rest))
    }
  }

  // MARK: - Commands

  private static func parseLive(_ rest: inout ArraySlice<String>) throws(UsageError) -> LiveOptions {
    var options = LiveOptions()
    while let (name, value) = try nextOption(&rest) {
      if try parseAnalysis(name, value, &rest, into: &options.analysis) { continue }
      if try parseGenerator(name, value, &rest, into: &options.generator) { continue }
      switch name {
      case "--theme": options.theme = try required(name, value, &rest)
      default: throw unknown(name)
      }
    }
    return options
  }

  private static func parseReplay(_ rest: inout ArraySlice<String>) throws(UsageError) -> ReplayOptions {
    var options = ReplayOptions()
    var path: String?
    options.analysis.engine.snapshotInterval = 10_000_000
    while true {
      if let next = rest.first, next == "-" || !next.hasPrefix("-") {
        rest.removeFirst()
        guard path == nil else { throw UsageError("replay takes one file, got '\(path!)' and '\(next)'") }
        path = next
        continue
      }
      guard let (name, value) = try nextOption(&rest) else { break }
      if try parseAnalysis(name, value, &rest, into: &options.analysis) { continue }
      switch name {
      case "--headless": options.headless = try flag(name, value)
      case "--every":
        options.analysis.engine.snapshotInterval = try duration(name, try required(name, value, &rest))
      case "--theme": options.theme = try required(name, value, &rest)
      case "--speed": options.speed = try speed(name, try required(name, value, &rest))
      default: throw unknown(name)
      }
    }
    guard let path else { throw UsageError("replay needs a file to read (or - for standard input)") }
    options.path = path
    return options
  }

  private static func parseGenerate(_ rest: inout ArraySlice<String>) throws(UsageError) -> GenerateOptions {
    var options = GenerateOptions()
    while let (name, value) = try nextOption(&rest) {
      if try parseGenerator(name, value, &rest, into: &options.generator) { continue }
      switch name {
      case "--events": options.events = try integer(name, try required(name, value, &rest), min: 0)
      default: throw unknown(name)
      }
    }
    return options
  }

  private static func parseBench(_ rest: inout ArraySlice<String>) throws(UsageError) -> BenchOptions {
    var options = BenchOptions()
    while let (name, value) = try nextOption(&rest) {
      if try parseAnalysis(name, value, &rest, into: &options.analysis) { continue }
      if try parseGenerator(name, value, &rest, into: &options.generator) { continue }
      switch name {
      case "--events": options.events = try integer(name, try required(name, value, &rest), min: 1)
      default: throw unknown(name)
      }
    }
    return options
  }

  // MARK: - Option groups

  private static func parseAnalysis(
    _ name: String, _ value: String?, _ rest: inout ArraySlice<String>, into options: inout AnalysisOptions
  ) throws(UsageError) -> Bool {
    switch name {
    case "--window": options.engine.window = try duration(name, try required(name, value, &rest))
    case "--session-gap":
      options.engine.sessionGap = try duration(name, try required(name, value, &rest))
    case "--burst":
      options.engine.burstThreshold = try integer(name, try required(name, value, &rest), min: 1)
    case "--top": options.engine.topPages = try integer(name, try required(name, value, &rest), min: 1)
    case "--max-line-bytes":
      options.maxLineBytes = try integer(name, try required(name, value, &rest), min: 64)
    default: return false
    }
    return true
  }

  private static func parseGenerator(
    _ name: String, _ value: String?, _ rest: inout ArraySlice<String>,
    into options: inout TrafficGenerator.Configuration
  ) throws(UsageError) -> Bool {
    switch name {
    case "--seed":
      let text = try required(name, value, &rest)
      guard let seed = UInt64(text) else { throw UsageError("\(name): '\(text)' is not a whole number") }
      options.seed = seed
    case "--start":
      let text = try required(name, value, &rest)
      guard let start = Timestamp.parseISO8601(text) else {
        throw UsageError("\(name): '\(text)' is not an ISO 8601 time (like 2026-11-27T08:00:00Z)")
      }
      options.start = start
    case "--users": options.users = try integer(name, try required(name, value, &rest), min: 1)
    case "--rate":
      let text = try required(name, value, &rest)
      guard let rate = Double(text), rate > 0, rate <= 100_000_000 else {
        throw UsageError("\(name): '\(text)' is not a rate in events per second")
      }
      options.rate = rate
    default: return false
    }
    return true
  }

  // MARK: - Values

  /// The next `--option` (with an inline `=value` if given), or nil at the end.
  private static func nextOption(_ rest: inout ArraySlice<String>) throws(UsageError) -> (String, String?)? {
    guard let argument = rest.popFirst() else { return nil }
    guard argument.hasPrefix("--") else {
      throw UsageError("unexpected argument '\(argument)' (see eventtop --help)")
    }
    if let equals = argument.firstIndex(of: "=") {
      return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
    return (argument, nil)
  }

  private static func required(
    _ name: String, _ value: String?, _ rest: inout ArraySlice<String>
  ) throws(UsageError)
    -> String
  {
    if let value { return value }
    guard let next = rest.popFirst() else { throw UsageError("\(name) needs a value") }
    return next
  }

  private static func flag(_ name: String, _ value: String?) throws(UsageError) -> Bool {
    guard value == nil else { throw UsageError("\(name) takes no value") }
    return true
  }

  private static func duration(_ name: String, _ text: String) throws(UsageError) -> Micros {
    guard let micros = TimeSpan.parse(text) else {
      throw UsageError("\(name): '\(text)' is not a duration (use 90, 90s, 5m, 1h, 1.5s)")
    }
    return micros
  }

  private static func speed(_ name: String, _ text: String) throws(UsageError) -> Double {
    if text == "max" { return .infinity }
    let number = text.hasSuffix("x") || text.hasSuffix("×") ? String(text.dropLast()) : text
    guard let value = Double(number), value.isFinite, value > 0, value <= 1_000_000 else {
      throw UsageError("\(name): '\(text)' is not a speed (like 0.5, 1, 10, 100 or max)")
    }
    return value
  }

  private static func integer(_ name: String, _ text: String, min: Int) throws(UsageError) -> Int {
    let cleaned = text.filter { $0 != "_" }
    guard let value = Int(cleaned), value >= min else {
      throw UsageError("\(name): '\(text)' is not a whole number ≥ \(min)")
    }
    return value
  }

  private static func unknown(_ name: String) -> UsageError {
    UsageError("unknown option '\(name)' (see eventtop --help)")
  }
}
