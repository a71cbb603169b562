/// A page and its views in the window.
public struct PageCount: Sendable, Equatable {
  public var page: String
  public var views: Int
  public init(page: String, views: Int) {
    self.page = page
    self.views = views
  }
}

/// Something worth a person's attention, in input order.
public struct Alert: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case purchase
    case highActivity = "high_activity"
  }

  public var kind: Kind
  /// The event time of the event that raised the alert.
  public var time: Micros
  public var userID: String
  public var sessionID: String?
  /// Purchase amount in millionths (purchase alerts).
  public var amountMicros: Int64?
  public var orderID: String?
  /// The session's event count when it first exceeded the burst threshold (high-activity alerts).
  public var count: Int?

  public init(
    kind: Kind, time: Micros, userID: String, sessionID: String?, amountMicros: Int64? = nil,
    orderID: String? = nil, count: Int? = nil
  ) {
    self.kind = kind
    self.time = time
    self.userID = userID
    self.sessionID = sessionID
    self.amountMicros = amountMicros
    self.orderID = orderID
    self.count = count
  }
}

/// Everything the dashboard and the headless writers show, computed once by the engine.
///
/// All figures describe the window (T − W, T] at `time` = T, except `events.total`, `invalid`,
/// `late`, `future` and the eviction counters, which count since the start.
public struct Snapshot: Sendable, Equatable {
  public struct Events: Sendable, Equatable {
    /// Valid events read so far (all have timestamp ≤ T).
    public var total = 0
    public var inWindow = 0
    public var invalid = 0
    /// Events that came too late to count in any future window (timestamp ≤ clock − W).
    public var late = 0
    /// Events too far ahead of the stream's time that nothing confirmed (see `WindowAggregator`).
    public var future = 0

    public init(total: Int = 0, inWindow: Int = 0, invalid: Int = 0, late: Int = 0, future: Int = 0) {
      self.total = total
      self.inWindow = inWindow
      self.invalid = invalid
      self.late = late
      self.future = future
    }
  }

  public struct Sessions: Sendable, Equatable {
    public var active = 0
    /// Nearest-rank quantiles, exact max and mean of the active sessions' length so far (µs).
    public var p50: Micros = 0
    public var p90: Micros = 0
    public var p99: Micros = 0
    public var max: Micros = 0
    public var mean: Micros = 0
    public var completed = 0
    public var completedMean: Micros = 0
    /// Active sessions by length: < 10 s, < 30 s, < 1 m, < 5 m, < 15 m, < 30 m, longer.
    public var lengthBuckets: [Int] = []

    public init() {}
  }

  public struct Purchases: Sendable, Equatable {
    /// Purchases and revenue in the window.
    public var count = 0
    public var revenueMicros: Int128 = 0
    /// Purchases and revenue since the start (events that were not late).
    public var allTime = 0
    public var allTimeRevenueMicros: Int128 = 0

    public init(count: Int = 0, revenueMicros: Int128 = 0) {
      self.count = count
      self.revenueMicros = revenueMicros
    }
  }

  /// How the engine bounded its memory: sampling levels and evictions since the start.
  public struct Limits: Sendable, Equatable {
    public var userSamplingLevel = 0
    public var sessionSamplingLevel = 0
    public var usersEvicted = 0
    public var sessionsEvicted = 0
    public var pagesEvicted = 0
    public var trackedUsers = 0
    public var trackedSessions = 0
    public var trackedPages = 0
    /// Event records held (window and retention) and seconds compacted for `recordLimit`.
    public var windowRecords = 0
    public var secondsCompacted = 0
    /// Alerts kept for display and those pushed out (set by `AggregationEngine`).
    public var alertsKept = 0
    public var alertsDropped = 0

    /// One bounded structure: what it holds and what it gave up since the start, under the names
    /// the outputs use.
    public struct Structure: Sendable, Equatable {
      public var name: String
      public var held: Int
      public var heldLabel: String
      public var gaveUp: Int
      public var gaveUpLabel: String
      /// k when only ids whose hash has k top bits zero are kept (sampled structures).
      public var samplingLevel: Int?
    }

    /// Every bounded structure, in the order the outputs list them.
    public var structures: [Structure] {
      [
        Structure(
          name: "users", held: trackedUsers, heldLabel: "tracked", gaveUp: usersEvicted, gaveUpLabel: "evicted",
          samplingLevel: userSamplingLevel),
        Structure(
          name: "sessions", held: trackedSessions, heldLabel: "tracked", gaveUp: sessionsEvicted,
          gaveUpLabel: "evicted", samplingLevel: sessionSamplingLevel),
        Structure(
          name: "pages", held: trackedPages, heldLabel: "tracked", gaveUp: pagesEvicted, gaveUpLabel: "evicted"),
        Structure(
          name: "records", held: windowRecords, heldLabel: "kept", gaveUp: secondsCompacted,
          gaveUpLabel: "seconds_compacted"),
        Structure(name: "alerts", held: alertsKept, heldLabel: "kept", gaveUp: alertsDropped, gaveUpLabel: "dropped"),
      ]
    }

    public init(
      userSamplingLevel: Int = 0, sessionSamplingLevel: Int = 0, usersEvicted: Int = 0, sessionsEvicted: Int = 0,
      pagesEvicted: Int = 0, trackedUsers: Int = 0, trackedSessions: Int = 0, trackedPages: Int = 0,
      windowRecords: Int = 0, secondsCompacted: Int = 0, alertsKept: Int = 0, alertsDropped: Int = 0
    ) {
      self.userSamplingLevel = userSamplingLevel
      self.sessionSamplingLevel = sessionSamplingLevel
      self.usersEvicted = usersEvicted
      self.sessionsEvicted = sessionsEvicted
      self.pagesEvicted = pagesEvicted
      self.trackedUsers = trackedUsers
      self.trackedSessions = trackedSessions
      self.trackedPages = trackedPages
      self.windowRecords = windowRecords
      self.secondsCompacted = secondsCompacted
      self.alertsKept = alertsKept
      self.alertsDropped = alertsDropped
    }
  }

  public var time: Micros = 0
  public var isFinal = false
  public var window: Micros = 0
  public var events = Events()
  public var activeUsers = 0
  public var topPages: [PageCount] = []
  /// Distinct pages viewed in the window (tracked pages only).
  public var distinctPages = 0
  public var sessions = Sessions()
  public var purchases = Purchases()
  /// Events in the window per action, largest first.
  public var actions: [ActionCount] = []
  public var limits = Limits()

  public init() {}

  /// Events per second over the window.
  public var eventsPerSecond: Double {
    window > 0 ? Double(events.inWindow) * 1e6 / Double(window) : 0
  }

  /// Session length bucket bounds (µs) for `Sessions.lengthBuckets`.
  public static let lengthBucketBounds: [Micros] = [10, 30, 60, 300, 900, 1800].map { $0 * 1_000_000 }
  public static let lengthBucketLabels = ["<10s", "<30s", "<1m", "<5m", "<15m", "<30m", "30m+"]
}

/// An action and its events in the window.
public struct ActionCount: Sendable, Equatable {
  public var action: String
  public var count: Int
  public init(action: String, count: Int) {
    self.action = action
    self.count = count
  }
}

/// What the engine emits while ingesting: alerts as they happen and scheduled snapshots.
public enum EngineOutput: Sendable, Equatable {
  case alert(Alert)
  case snapshot(Snapshot)
}
