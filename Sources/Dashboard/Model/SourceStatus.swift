import Analytics

/// What the status bar says about where events come from.
public struct SourceStatus: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case generator(rate: Double, profile: String)
    case file(name: String)
    case standardInput
    case follow(name: String)
  }

  public enum State: Sendable, Equatable {
    /// Events arrive as they happen (generator, follow).
    case live
    case paused
    /// Playing a recording at a speed factor; infinity means as fast as possible.
    case replaying(speed: Double)
    /// A recording played to its end.
    case finished
    /// A followed stream ended (end of standard input).
    case ended
    /// Reading failed; the message says why.
    case failed(String)
  }

  public var kind: Kind
  public var state: State
  /// Share of the input read, when the size is known (0...1).
  public var progress: Double?
  /// The dashboard's clock: event time now (wall clock for live sources, the recording's own
  /// time for replay).
  public var clock: Micros?
  /// Times a looping replay started again.
  public var loops = 0
  /// A replay's speed factor (also while paused); nil for live sources, which have no speed.
  public var speed: Double?

  public init(
    kind: Kind, state: State, progress: Double? = nil, clock: Micros? = nil, loops: Int = 0, speed: Double? = nil
  ) {
    self.kind = kind
    self.state = state
    self.progress = progress
    self.clock = clock
    self.loops = loops
    self.speed = speed
  }
}

/// Everything one frame shows.
public struct DashboardData: Sendable, Equatable {
  public var engine = EngineFrame()
  public var source: SourceStatus
  public var window: Micros

  public init(engine: EngineFrame = EngineFrame(), source: SourceStatus, window: Micros) {
    self.engine = engine
    self.source = source
    self.window = window
  }
}

extension SourceStatus.Kind {
  /// How messages name the input: the file name, `stdin`, or `generator`.
  public var displayName: String {
    switch self {
    case .generator: return "generator"
    case .file(let name), .follow(let name): return name
    case .standardInput: return "stdin"
    }
  }
}
