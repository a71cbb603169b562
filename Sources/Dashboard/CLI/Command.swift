import Analytics
import EventSources

/// What the command line asks for.
public enum Command: Sendable, Equatable {
  /// The live dashboard on the built-in generator (no arguments).
  case live(LiveOptions)
  /// `eventtop replay FILE|-`.
  case replay(ReplayOptions)
  /// `eventtop generate`.
  case generate(GenerateOptions)
  /// `eventtop bench`.
  case bench(BenchOptions)
  case help
  case version
}

/// Settings shared by every mode that aggregates.
public struct AnalysisOptions: Sendable, Equatable {
  public var engine = EngineConfiguration()
  public var maxLineBytes = LineDecoder.defaultMaxLineBytes
  public init() {}
}

public struct LiveOptions: Sendable, Equatable {
  public var analysis = AnalysisOptions()
  public var generator = TrafficGenerator.Configuration()
  public var theme: String?
  public init() {}
}

public struct ReplayOptions: Sendable, Equatable {
  public var path = "-"
  public var headless = false
  /// Replay speed against the recording's own clock; infinity means as fast as possible.
  public var speed = 1.0
  public var analysis = AnalysisOptions()
  public var theme: String?
  public init() {}
}

public struct GenerateOptions: Sendable, Equatable {
  /// Events to write; nil means without end.
  public var events: Int?
  public var generator = TrafficGenerator.Configuration()
  public init() {}
}

public struct BenchOptions: Sendable, Equatable {
  public var events = 1_000_000
  public var generator = TrafficGenerator.Configuration()
  public var analysis = AnalysisOptions()
  public init() {}
}

/// A command line that cannot be run; `message` is one line for stderr.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
