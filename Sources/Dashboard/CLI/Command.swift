import Analytics
import EventSources

/// What the command line asks for.
public enum Command: Sendable, Equatable {
  /// The built-in generator, live (no command): the dashboard, or headless.
  case live(LiveOptions)
  /// `eventtop replay FILE|-`.
  case replay(ReplayOptions)
  /// `eventtop follow FILE|-`.
  case follow(FollowOptions)
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

/// How a mode shows its results: the dashboard, or headless output.
public struct PresentationOptions: Sendable, Equatable {
  public enum Format: String, Sendable, Equatable {
    case json
    case prometheus
  }

  public var headless = false
  /// Headless: snapshot interval (event time for replay, wall-clock time for live sources).
  public var every: Micros = 10_000_000
  /// Stop after this much wall-clock time.
  public var duration: Micros?
  public var format = Format.json
  /// Headless output file (default standard output; required for Prometheus).
  public var output: String?
  /// Write every valid event read to this file as JSON lines.
  public var record: String?
  /// Dashboard theme name or file.
  public var theme: String?
  public init() {}
}

public struct LiveOptions: Sendable, Equatable {
  public var analysis = AnalysisOptions()
  public var generator = TrafficGenerator.Configuration()
  public var presentation = PresentationOptions()
  public init() {}
}

public struct ReplayOptions: Sendable, Equatable {
  public var path = "-"
  /// Speed against the recording's clock; nil: 1 in the dashboard, as fast as possible headless.
  public var speed: Double?
  /// Start again at the end (the recording's times shift on so windows keep sliding).
  public var loop = false
  public var analysis = AnalysisOptions()
  public var presentation = PresentationOptions()
  public init() {}
}

public struct FollowOptions: Sendable, Equatable {
  public var path = "-"
  /// Read what the file already holds before following it (default: only new lines).
  public var fromStart = false
  public var analysis = AnalysisOptions()
  public var presentation = PresentationOptions()
  public init() {}
}

public struct GenerateOptions: Sendable, Equatable {
  /// Events to write; nil means without end.
  public var events: Int?
  public var generator = TrafficGenerator.Configuration()
  public init() {}
}

public struct BenchOptions: Sendable, Equatable {
  public var events = 2_000_000
  /// Each timing is repeated this often; the table shows the best and the median.
  public var runs = 3
  /// Distinct users (and sessions) in the dense stream that measures memory and snapshot cost.
  public var wideUsers = 2_000_000
  /// The longer of two otherwise equal generated streams whose peak RSS is compared (0: skip).
  public var longEvents = 10_000_000
  /// Window options given on the command line, for the replays in child processes.
  public var passedOn: [String] = []
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
