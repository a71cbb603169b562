import Analytics
import EventSources

/// Parses eventtop's command line. Options may come before or after the file; `--name value`
/// and `--name=value` are both accepted.
public enum Arguments {
  public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
    var parser = Parser(rest: ArraySlice(arguments))
    guard let first = parser.rest.first else { return .live(LiveOptions()) }
    switch first {
    case "-h", "--help", "help": return .help
    case "-V", "--version", "version": return .version
    case "replay":
      parser.rest.removeFirst()
      return .replay(try parser.replay())
    case "follow":
      parser.rest.removeFirst()
      return .follow(try parser.follow())
    case "generate":
      parser.rest.removeFirst()
      return .generate(try parser.generate())
    case "bench":
      parser.rest.removeFirst()
      return .bench(try parser.bench())
    default:
      guard first.hasPrefix("-") else {
        throw UsageError(
          "unknown command '\(first)' (commands: replay, follow, generate, bench; see eventtop --help)")
      }
      return .live(try parser.live())
    }
  }
}

private struct Parser {
  var rest: ArraySlice<String>

  // MARK: - Commands

  mutating func live() throws(UsageError) -> LiveOptions {
    var options = LiveOptions()
    while let (name, value) = try nextOption() {
      if try analysis(name, value, &options.analysis) { continue }
      if try generator(name, value, &options.generator) { continue }
      if try presentation(name, value, &options.presentation) { continue }
      throw Self.unknown(name)
    }
    try Self.check(options.presentation)
    return options
  }

  mutating func replay() throws(UsageError) -> ReplayOptions {
    var options = ReplayOptions()
    var path: String?
    while true {
      if try takePath(&path, command: "replay") { continue }
      guard let (name, value) = try nextOption() else { break }
      if try analysis(name, value, &options.analysis) { continue }
      if try presentation(name, value, &options.presentation) { continue }
      switch name {
      case "--speed": options.speed = try Self.speed(name, try required(name, value))
      case "--loop": options.loop = try Self.flag(name, value)
      default: throw Self.unknown(name)
      }
    }
    guard let path else { throw UsageError("replay needs a file to read (or - for standard input)") }
    options.path = path
    try Self.check(options.presentation)
    if options.loop && path == "-" { throw UsageError("--loop needs a file: standard input cannot start again") }
    return options
  }

  mutating func follow() throws(UsageError) -> FollowOptions {
    var options = FollowOptions()
    var path: String?
    while true {
      if try takePath(&path, command: "follow") { continue }
      guard let (name, value) = try nextOption() else { break }
      if try analysis(name, value, &options.analysis) { continue }
      if try presentation(name, value, &options.presentation) { continue }
      switch name {
      case "--from-start": options.fromStart = try Self.flag(name, value)
      default: throw Self.unknown(name)
      }
    }
    guard let path else { throw UsageError("follow needs a file to follow (or - for standard input)") }
    options.path = path
    try Self.check(options.presentation)
    return options
  }

  mutating func generate() throws(UsageError) -> GenerateOptions {
    var options = GenerateOptions()
    while let (name, value) = try nextOption() {
      if try generator(name, value, &options.generator) { continue }
      switch name {
      case "--events": options.events = try Self.integer(name, try required(name, value), min: 0)
      default: throw Self.unknown(name)
      }
    }
    return options
  }

  mutating func bench() throws(UsageError) -> BenchOptions {
    var options = BenchOptions()
    while let (name, value) = try nextOption() {
      if try analysis(name, value, &options.analysis) {
        // The replays in child processes get the same window settings.
        options.passedOn += [name] + (value.map { [$0] } ?? [])
        continue
      }
      if try generator(name, value, &options.generator) { continue }
      switch name {
      case "--events": options.events = try Self.integer(name, try required(name, value), min: 1)
      case "--runs": options.runs = try Self.integer(name, try required(name, value), min: 1)
      case "--wide-users":
        options.wideUsers = try Self.integer(name, try required(name, value), min: 1)
        guard options.wideUsers <= 3_000_000 else {
          throw UsageError("\(name): at most 3000000 (they must fit in 5 minutes)")
        }
      case "--long-events": options.longEvents = try Self.integer(name, try required(name, value), min: 0)
      default: throw Self.unknown(name)
      }
    }
    return options
  }

  // MARK: - Option groups

  mutating func analysis(
    _ name: String, _ value: String?, _ options: inout AnalysisOptions
  ) throws(UsageError)
    -> Bool
  {
    switch name {
    case "--window": options.engine.window = try Self.duration(name, try required(name, value))
    case "--session-gap": options.engine.sessionGap = try Self.duration(name, try required(name, value))
    case "--max-skew": options.engine.maxSkew = try Self.duration(name, try required(name, value))
    case "--burst": options.engine.burstThreshold = try Self.integer(name, try required(name, value), min: 1)
    case "--top": options.engine.topPages = try Self.integer(name, try required(name, value), min: 1)
    case "--max-line-bytes": options.maxLineBytes = try Self.integer(name, try required(name, value), min: 64)
    default: return false
    }
    return true
  }

  mutating func generator(
    _ name: String, _ value: String?, _ options: inout TrafficGenerator.Configuration
  ) throws(UsageError) -> Bool {
    switch name {
    case "--seed":
      let text = try required(name, value)
      guard let seed = UInt64(text) else { throw UsageError("\(name): '\(text)' is not a whole number") }
      options.seed = seed
    case "--start":
      let text = try required(name, value)
      guard let start = Timestamp.parseISO8601(text) else {
        throw UsageError("\(name): '\(text)' is not an ISO 8601 time (like 2026-11-27T08:00:00Z)")
      }
      options.start = start
    case "--users": options.users = try Self.integer(name, try required(name, value), min: 1)
    case "--rate":
      let text = try required(name, value)
      guard let rate = Double(text), rate > 0, rate <= 100_000_000 else {
        throw UsageError("\(name): '\(text)' is not a rate in events per second")
      }
      options.rate = rate
    case "--profile":
      let text = try required(name, value)
      guard let profile = TrafficProfile(rawValue: text) else {
        let names = TrafficProfile.allCases.map(\.rawValue).joined(separator: ", ")
        throw UsageError("\(name): '\(text)' is not a profile (\(names))")
      }
      options.profile = profile
    default: return false
    }
    return true
  }

  mutating func presentation(
    _ name: String, _ value: String?, _ options: inout PresentationOptions
  ) throws(UsageError)
    -> Bool
  {
    switch name {
    case "--headless": options.headless = try Self.flag(name, value)
    case "--every": options.every = try Self.duration(name, try required(name, value))
    case "--duration": options.duration = try Self.duration(name, try required(name, value))
    case "--format":
      let text = try required(name, value)
      guard let format = PresentationOptions.Format(rawValue: text) else {
        throw UsageError("\(name): '\(text)' is not a format (json, prometheus)")
      }
      options.format = format
    case "--output": options.output = try Self.path(name, try required(name, value))
    case "--record": options.record = try Self.path(name, try required(name, value))
    case "--theme": options.theme = try required(name, value)
    default: return false
    }
    return true
  }

  /// Options that only make sense together.
  static func check(_ options: PresentationOptions) throws(UsageError) {
    if !options.headless {
      if options.format != .json { throw UsageError("--format needs --headless") }
      if options.output != nil { throw UsageError("--output needs --headless") }
    }
    if options.format == .prometheus && options.output == nil {
      throw UsageError("--format prometheus needs --output FILE (the textfile collector's file)")
    }
  }

  // MARK: - Values

  /// Takes a bare argument as the command's file; false when the next argument is an option.
  mutating func takePath(_ path: inout String?, command: String) throws(UsageError) -> Bool {
    guard let next = rest.first, next == "-" || !next.hasPrefix("-") else { return false }
    rest.removeFirst()
    if let path { throw UsageError("\(command) takes one file, got '\(path)' and '\(next)'") }
    path = next
    return true
  }

  /// The next `--option` (with an inline `=value` if given), or nil at the end.
  mutating func nextOption() throws(UsageError) -> (String, String?)? {
    guard let argument = rest.popFirst() else { return nil }
    guard argument.hasPrefix("--") else {
      throw UsageError("unexpected argument '\(argument)' (see eventtop --help)")
    }
    if let equals = argument.firstIndex(of: "=") {
      return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
    return (argument, nil)
  }

  mutating func required(_ name: String, _ value: String?) throws(UsageError) -> String {
    if let value { return value }
    guard let next = rest.popFirst() else { throw UsageError("\(name) needs a value") }
    return next
  }

  static func flag(_ name: String, _ value: String?) throws(UsageError) -> Bool {
    guard value == nil else { throw UsageError("\(name) takes no value") }
    return true
  }

  static func path(_ name: String, _ text: String) throws(UsageError) -> String {
    guard !text.isEmpty, text != "-" else { throw UsageError("\(name) needs a file name") }
    return text
  }

  static func duration(_ name: String, _ text: String) throws(UsageError) -> Micros {
    guard let micros = TimeSpan.parse(text) else {
      throw UsageError("\(name): '\(text)' is not a positive duration (use 90, 90s, 5m, 1h, 1.5s)")
    }
    return micros
  }

  static func speed(_ name: String, _ text: String) throws(UsageError) -> Double {
    if text == "max" { return .infinity }
    let number = text.hasSuffix("x") || text.hasSuffix("×") ? String(text.dropLast()) : text
    guard let value = Double(number), value.isFinite, value > 0, value <= 1_000_000 else {
      throw UsageError("\(name): '\(text)' is not a speed (like 0.5, 1, 10, 100 or max)")
    }
    return value
  }

  static func integer(_ name: String, _ text: String, min: Int) throws(UsageError) -> Int {
    let cleaned = text.filter { $0 != "_" }
    guard let value = Int(cleaned), value >= min else {
      throw UsageError("\(name): '\(text)' is not a whole number ≥ \(min)")
    }
    return value
  }

  static func unknown(_ name: String) -> UsageError {
    UsageError("unknown option '\(name)' (see eventtop --help)")
  }
}
