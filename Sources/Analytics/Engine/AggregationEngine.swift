/// The one owner of aggregation state shared across tasks: the ingesting task feeds it batches,
/// the dashboard or the headless writer reads snapshots. Every call handles a whole batch, so
/// there is one `await` per few thousand events, never one per event.
public actor AggregationEngine {
  private var aggregator: WindowAggregator
  /// Recent alerts kept for the dashboard.
  public private(set) var alertLog: AlertLog

  /// Alerts of waiting events that a clock move or the end confirmed (see `WindowAggregator`),
  /// handed out with the next batch's outputs or by `takeOutputs()`.
  private var released: [EngineOutput] = []

  public init(configuration: EngineConfiguration, alertCapacity: Int = 500) {
    aggregator = WindowAggregator(configuration: configuration)
    alertLog = AlertLog(capacity: alertCapacity)
  }

  public var configuration: EngineConfiguration { aggregator.configuration }

  /// Adds a batch and returns its alerts and scheduled snapshots, in input order.
  public func ingest(_ batch: EventBatch) -> [EngineOutput] {
    let outputs = logged(aggregator.ingest(batch))
    return takeOutputs() + outputs
  }

  /// Appends the alerts of `outputs` to the log, in order, and stamps each snapshot with the
  /// log's counts at that point.
  private func logged(_ outputs: [EngineOutput]) -> [EngineOutput] {
    var result = outputs
    for i in result.indices {
      switch result[i] {
      case .alert(let alert): alertLog.append(alert)
      case .snapshot(let snapshot): result[i] = .snapshot(stamped(snapshot))
      }
    }
    return result
  }

  private func stamped(_ snapshot: Snapshot) -> Snapshot {
    var snapshot = snapshot
    snapshot.limits.alertsKept = alertLog.count
    snapshot.limits.alertsDropped = alertLog.dropped
    return snapshot
  }

  public func advance(to time: Micros) {
    keep(aggregator.advance(to: time))
  }

  private func keep(_ outputs: [EngineOutput]) {
    released += logged(outputs)
  }

  /// Outputs of events confirmed outside `ingest` not yet handed out.
  public func takeOutputs() -> [EngineOutput] {
    defer { released = [] }
    return released
  }

  /// The window at max(now, `time`); before any event, the empty window at `time` (a live
  /// source's idle start).
  public func snapshot(at time: Micros, top: Int, isFinal: Bool = false) -> Snapshot {
    stamped(aggregator.snapshot(at: time, isFinal: isFinal, top: top))
  }

  /// A snapshot at max(now, `time`) when any event has been seen, else nil.
  public func snapshotIfStarted(at time: Micros, top: Int) -> Snapshot? {
    guard aggregator.now != nil else { return nil }
    return stamped(aggregator.snapshot(at: time, top: top))
  }

  /// The input ended: decides about events still waiting for their time to be confirmed.
  public func endOfInput() {
    var outputs: [EngineOutput] = []
    aggregator.endOfInput { outputs.append($0) }
    keep(outputs)
  }

  public func finish(top: Int? = nil) -> Snapshot? {
    var outputs: [EngineOutput] = []
    let final = aggregator.finish(top: top) { outputs.append($0) }
    keep(outputs)
    return final.map(stamped)
  }

  public func setWindow(_ window: Micros) {
    aggregator.setWindow(window)
  }

  public func reset() {
    aggregator.reset()
    alertLog.removeAll()
  }

  /// Everything a dashboard frame shows, read at once: the window at max(now, `time`) (nil before
  /// any event), events per second of the last `seconds` seconds per action, and recent alerts.
  public func frame(at time: Micros?, top: Int, seconds: Int) -> EngineFrame {
    var frame = EngineFrame()
    if let time { keep(aggregator.advance(to: time)) }
    if let now = aggregator.now {
      frame.snapshot = stamped(aggregator.snapshot(at: now, top: top))
      (frame.actionNames, frame.timeline) = aggregator.timeline(seconds: seconds)
      frame.userHistory = Array(aggregator.userHistory(seconds: seconds))
    }
    frame.alerts = alertLog.alerts
    frame.alertsDropped = alertLog.dropped
    frame.window = aggregator.configuration.window
    return frame
  }

  public var now: Micros? { aggregator.now }

  public func timeline(seconds: Int) -> (names: [String], series: [ActionCounts]) {
    aggregator.timeline(seconds: seconds)
  }
}

/// One frame's worth of engine state for the dashboard.
public struct EngineFrame: Sendable, Equatable {
  public var snapshot: Snapshot?
  /// Events per second slot, oldest first, the last one the slot holding T (still filling).
  public var timeline: [ActionCounts] = []
  /// Action names by id, for `timeline`.
  public var actionNames: [String] = []
  /// Active users at each whole second of event time before the snapshot's, oldest first.
  public var userHistory: [UsersSample] = []
  /// Recent alerts, oldest first.
  public var alerts: [Alert] = []
  public var alertsDropped = 0
  /// The window length now (it can change while the dashboard runs).
  public var window: Micros = 0

  public init() {}
}

/// Active users in the window ending at a whole second of event time.
public struct UsersSample: Sendable, Equatable {
  public var time: Micros
  public var activeUsers: Int

  public init(time: Micros, activeUsers: Int) {
    self.time = time
    self.activeUsers = activeUsers
  }
}
