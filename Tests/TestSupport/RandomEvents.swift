import Analytics

/// Random event streams for property tests: small pools of users, sessions and pages so that
/// ids collide, bursts, gaps around the session gap, and purchases.
public struct RandomEvents {
  private var state: UInt64

  public init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

  public mutating func next() -> UInt64 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return state
  }

  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  /// `count` events in time order starting at `start`, with gaps up to `maxGap` µs (and now and
  /// then a long pause up to `longGap`).
  public mutating func stream(
    count: Int, start: Int64, maxGap: Int64, longGap: Int64, users: Int, pages: Int
  ) -> [ReferenceEvent] {
    var time = start
    var events: [ReferenceEvent] = []
    let actions = ["page_view", "page_view", "page_view", "add_to_cart", "purchase", "search", "signup"]
    for _ in 0..<count {
      if below(50) == 0 {
        time += Int64(below(Int(longGap)))
      } else if below(4) != 0 {
        time += Int64(below(Int(maxGap)))
      }
      let user = "u\(below(users))"
      let session: String? = below(5) == 0 ? nil : "s\(below(users * 2))"
      let action = actions[below(actions.count)]
      let page = action == "page_view" ? (below(20) == 0 ? "unknown" : "/p\(below(pages))") : nil
      let amount = action == "purchase" ? Int64(below(100_000)) * 10_000 + Int64(below(3)) : 0
      events.append(
        ReferenceEvent(
          time: time, user: user, session: session, action: action, page: page,
          amountMicros: amount, orderID: action == "purchase" ? "o\(below(1000))" : nil))
    }
    return events
  }
}
