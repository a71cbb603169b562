import Analytics

/// One event as the reference model sees it: plain values, no hashing, no compaction.
public struct ReferenceEvent: Sendable, Equatable {
  public var time: Int64
  public var user: String
  /// session_id, or nil (then the session key is the user id).
  public var session: String?
  public var action: String
  /// The page of a page view (already defaulted to "unknown").
  public var page: String?
  /// Purchase amount in millionths.
  public var amountMicros: Int64
  public var orderID: String?

  public init(
    time: Int64, user: String, session: String?, action: String, page: String? = nil,
    amountMicros: Int64 = 0, orderID: String? = nil
  ) {
    self.time = time
    self.user = user
    self.session = session
    self.action = action
    self.page = page
    self.amountMicros = amountMicros
    self.orderID = orderID
  }

  public var sessionKey: String { session.map { "s:" + $0 } ?? "u:" + user }
}

/// What the reference model says a snapshot must hold.
public struct ReferenceSnapshot: Sendable, Equatable {
  public var time: Int64
  public var total: Int
  public var inWindow: Int
  public var activeUsers: Int
  public var topPages: [(page: String, views: Int)]
  public var sessionsActive: Int
  /// Lengths (µs) of the active sessions, sorted.
  public var activeLengths: [Int64]
  public var sessionsCompleted: Int
  public var completedLengths: [Int64]
  public var purchases: Int
  public var revenueMicros: Int64
  public var actions: [String: Int]

  public static func == (a: ReferenceSnapshot, b: ReferenceSnapshot) -> Bool {
    a.time == b.time && a.total == b.total && a.inWindow == b.inWindow && a.activeUsers == b.activeUsers
      && a.topPages.map(\.page) == b.topPages.map(\.page) && a.topPages.map(\.views) == b.topPages.map(\.views)
      && a.activeLengths == b.activeLengths && a.completedLengths == b.completedLengths
      && a.purchases == b.purchases && a.revenueMicros == b.revenueMicros && a.actions == b.actions
  }

  /// Nearest-rank quantile of the active lengths.
  public func quantile(_ q: Double) -> Int64 {
    guard !activeLengths.isEmpty else { return 0 }
    let rank = max(1, Int((q * Double(activeLengths.count)).rounded(.up)))
    return activeLengths[rank - 1]
  }

  public var maxLength: Int64 { activeLengths.last ?? 0 }

  /// Mean rounded half away from zero to whole µs.
  public static func mean(_ values: [Int64]) -> Int64 {
    guard !values.isEmpty else { return 0 }
    let sum = values.reduce(Int64(0), +)
    let n = Int64(values.count)
    return (2 * sum + n) / (2 * n)
  }
}

/// The specification of eventtop's window semantics, computed by brute force over all events.
///
/// Given the events read so far (every one with time ≤ T), the window (T − W, T] and the session
/// gap G, it recomputes every metric from scratch: nothing is incremental, nothing is sampled.
public enum ReferenceModel {
  public static func snapshot(
    _ events: [ReferenceEvent], at time: Int64, window: Int64, gap: Int64, top: Int
  ) -> ReferenceSnapshot {
    let edge = time - window
    let inWindow = events.filter { $0.time > edge && $0.time <= time }
    var pageViews: [String: Int] = [:]
    var actions: [String: Int] = [:]
    for event in inWindow {
      actions[event.action, default: 0] += 1
      if event.action == "page_view", let page = event.page { pageViews[page, default: 0] += 1 }
    }
    let ranked = pageViews.map { (page: $0.key, views: $0.value) }.sorted { a, b in
      a.views != b.views ? a.views > b.views : a.page.utf8.lexicographicallyPrecedes(b.page.utf8)
    }
    let purchases = inWindow.filter { $0.action == "purchase" }
    let sessions = self.sessions(events.filter { $0.time <= time }, gap: gap)
    let active = sessions.filter { $0.last > edge }
    let completed = sessions.filter { $0.last + gap <= time && $0.last + gap > edge }
    return ReferenceSnapshot(
      time: time, total: events.count, inWindow: inWindow.count,
      activeUsers: Set(inWindow.map(\.user)).count, topPages: Array(ranked.prefix(top)),
      sessionsActive: active.count, activeLengths: active.map { $0.last - $0.first }.sorted(),
      sessionsCompleted: completed.count, completedLengths: completed.map { $0.last - $0.first }.sorted(),
      purchases: purchases.count, revenueMicros: purchases.reduce(0) { $0 + $1.amountMicros },
      actions: actions)
  }

  public struct Session: Sendable, Equatable {
    public var key: String
    public var first: Int64
    public var last: Int64
    public var count: Int
  }

  /// Maximal runs of events per key with no gap longer than `gap`.
  public static func sessions(_ events: [ReferenceEvent], gap: Int64) -> [Session] {
    var byKey: [String: [Int64]] = [:]
    for event in events { byKey[event.sessionKey, default: []].append(event.time) }
    var result: [Session] = []
    for (key, times) in byKey {
      let sorted = times.sorted()
      var current = Session(key: key, first: sorted[0], last: sorted[0], count: 1)
      for t in sorted.dropFirst() {
        if t - current.last > gap {
          result.append(current)
          current = Session(key: key, first: t, last: t, count: 1)
        } else {
          current.last = t
          current.count += 1
        }
      }
      result.append(current)
    }
    return result
  }

  /// The alerts a time-ordered stream raises: one per purchase, one per session whose count first
  /// exceeds `burst`, in input order.
  public static func alerts(_ events: [ReferenceEvent], gap: Int64, burst: Int) -> [ReferenceAlert] {
    var alerts: [ReferenceAlert] = []
    var open: [String: (last: Int64, count: Int)] = [:]
    for event in events {
      if event.action == "purchase" {
        alerts.append(
          ReferenceAlert(
            kind: "purchase", time: event.time, user: event.user, session: event.session,
            amountMicros: event.amountMicros, orderID: event.orderID, count: nil))
      }
      var state = open[event.sessionKey] ?? (event.time, 0)
      if event.time - state.last > gap { state = (event.time, 0) }
      state.last = max(state.last, event.time)
      state.count += 1
      open[event.sessionKey] = state
      if state.count == burst + 1 {
        alerts.append(
          ReferenceAlert(
            kind: "high_activity", time: event.time, user: event.user, session: event.session,
            amountMicros: nil, orderID: nil, count: state.count))
      }
    }
    return alerts
  }

  /// Epoch-aligned snapshot boundaries k·I with first ≤ B < last.
  public static func boundaries(first: Int64, last: Int64, interval: Int64) -> [Int64] {
    var b = (first + interval - 1) / interval * interval
    if first < 0 { b = -((-first) / interval) * interval }
    var result: [Int64] = []
    while b < last {
      result.append(b)
      b += interval
    }
    return result
  }
}

public struct ReferenceAlert: Sendable, Equatable {
  public var kind: String
  public var time: Int64
  public var user: String
  public var session: String?
  public var amountMicros: Int64?
  public var orderID: String?
  public var count: Int?
}
