/// The one owner of aggregation state shared across tasks: the ingesting task feeds it batches,
/// the dashboard or the headless writer reads snapshots. Every call handles a whole batch, so
/// there is one `await` per few thousand events, never one per event.
public actor AggregationEngine {
  private var aggregator: WindowAggregator

  public init(configuration: EngineConfiguration) {
    aggregator = WindowAggregator(configuration: configuration)
  }

  public var configuration: EngineConfiguration { aggregator.configuration }

  /// Adds a batch and returns its alerts and scheduled snapshots, in input order.
  public func ingest(_ batch: EventBatch) -> [EngineOutput] {
    aggregator.ingest(batch)
  }

  public func countInvalid(_ n: Int) {
    aggregator.countInvalid(n)
  }

  public func advance(to time: Micros) {
    aggregator.advance(to: time)
  }

  public func snapshot(at time: Micros, top: Int) -> Snapshot {
    aggregator.snapshot(at: time, top: top)
  }

  /// A snapshot at max(now, `time`) when any event has been seen, else nil.
  public func snapshotIfStarted(at time: Micros, top: Int) -> Snapshot? {
    guard aggregator.now != nil else { return nil }
    return aggregator.snapshot(at: time, top: top)
  }

  public func finish(top: Int? = nil) -> Snapshot? {
    aggregator.finish(top: top)
  }

  public func setWindow(_ window: Micros) {
    aggregator.setWindow(window)
  }

  public func reset() {
    aggregator.reset()
  }

  public var now: Micros? { aggregator.now }

  public func timeline(seconds: Int) -> (names: [String], series: [ActionCounts]) {
    aggregator.timeline(seconds: seconds)
  }
}
