/// The most recent alerts, for display: a ring of at most `capacity`, oldest dropped first.
public struct AlertLog: Sendable, Equatable {
  public let capacity: Int
  private var ring: [Alert] = []
  private var start = 0
  /// Alerts pushed out of the ring since the start (or the last reset).
  public private(set) var dropped = 0

  public init(capacity: Int = 500) {
    self.capacity = max(1, capacity)
  }

  public mutating func append(_ alert: Alert) {
    if ring.count < capacity {
      ring.append(alert)
    } else {
      ring[start] = alert
      start = (start + 1) % capacity
      dropped += 1
    }
  }

  /// Oldest first.
  public var alerts: [Alert] { Array(ring[start...] + ring[..<start]) }

  public var count: Int { ring.count }

  public mutating func removeAll() {
    ring.removeAll()
    start = 0
    dropped = 0
  }
}
