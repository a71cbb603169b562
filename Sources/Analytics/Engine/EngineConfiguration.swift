/// The settings of one aggregation engine.
public struct EngineConfiguration: Sendable, Equatable {
  /// W: the window length (default 5 minutes).
  public var window: Micros = 300_000_000
  /// R ≥ W: how far back data is kept so the window can be widened at once (default = W).
  public var retention: Micros? = nil
  /// G: the longest gap inside one session (default 30 minutes).
  public var sessionGap: Micros = 1_800_000_000
  /// S: an event more than this after the stream's time waits for the next event to confirm it
  /// (see `WindowAggregator`; default 1 minute).
  public var maxSkew: Micros = 60_000_000
  /// A session raises a high-activity alert when its event count first exceeds this.
  public var burstThreshold = 100
  /// Pages in the top list of scheduled snapshots.
  public var topPages = 10
  /// I: emit a snapshot at every epoch-aligned multiple of I of event time (headless replay).
  public var snapshotInterval: Micros? = nil
  /// Users tracked exactly before sampling starts.
  public var userCapacity = 1 << 20
  /// Live sessions tracked exactly before sampling starts.
  public var sessionCapacity = 1 << 19
  /// Distinct pages tracked before the least viewed are evicted.
  public var pageCapacity = 1 << 16
  /// Event records (16 bytes each) kept before the oldest seconds are compacted (see `WindowStore`).
  public var recordLimit = 8 << 20
  /// Slots kept only for a wider window (retention beyond W) drop their records and keep their
  /// page views, so memory follows W rather than R; widening the window is then exact except
  /// at its new lower edge, to half a second, until the edge has passed them (see `WindowStore`).
  public var compactsRetained = true

  public init() {}

  public var effectiveRetention: Micros { max(window, retention ?? window) }
}
