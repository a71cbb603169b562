import Analytics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Synthetic web-shop traffic, in the JSON Lines format the seed's producers write.
///
/// Sessions arrive as a Poisson process; each belongs to a user drawn with a heavy tail (a few
/// users come back many times, so returns after more than 30 minutes are common), lands from a
/// referrer, browses pages of Zipf-like popularity with human pauses, sometimes searches and adds
/// to the cart, and a few percent buy (log-normal amounts around 60). A small share are bots that
/// crawl more than 100 pages in quick succession. Events of all sessions are merged in time
/// order. The sequence depends only on the configuration: the same seed gives the same bytes.
public struct TrafficGenerator: ~Copyable, Sendable {
  public struct Configuration: Sendable, Equatable {
    public var seed: UInt64 = 1
    /// Event time of the first session's start (default 2026-11-27T08:00:00Z).
    public var start: Micros = 1_795_766_400_000_000
    /// Size of the user population.
    public var users = 5_000
    /// Target events per second of event time.
    public var rate: Double = 50
    /// Share of sessions that are bots.
    public var botShare = 0.015
    /// Share of sessions whose events carry no session_id (keyed by user_id instead).
    public var anonymousShare = 0.05
    /// How the rate and the mix change over time.
    public var profile = TrafficProfile.steady
    public init() {}
  }

  /// One generated event before it is written out.
  public struct Event: Sendable, Equatable {
    public var time: Micros
    public var eventID: UInt64
    public var user: Int
    public var session: UInt64?
    public var action: Action
    public var page: Int
    public var referrer: Int?
    public var product: Int
    public var quantity: Int
    public var amountCents: Int
    public var query: Int
  }

  public enum Action: String, Sendable, CaseIterable {
    case pageView = "page_view"
    case search = "search"
    case addToCart = "add_to_cart"
    case removeFromCart = "remove_from_cart"
    case purchase = "purchase"

    /// Position in `allCases`.
    var index: Int {
      switch self {
      case .pageView: 0
      case .search: 1
      case .addToCart: 2
      case .removeFromCart: 3
      case .purchase: 4
      }
    }
  }

  private struct Session {
    var user: Int
    var id: UInt64?
    var isBot: Bool
    var remaining: Int
    var page: Int
    var cart: Int
    var referrer: Int?
    var started = false
    /// Came during a flash sale: adds to the cart and buys far more often.
    var shopper = false
  }

  public let configuration: Configuration
  private var random: SeededRandom
  private var nextArrival: Double
  private var sessions: [Session] = []
  private var due = TimeHeap()
  public private(set) var generated = 0

  /// Sessions in flight at once, at most; past that (rates of tens of thousands of events a
  /// second), pauses shrink so that memory stays bounded and the rate is still met.
  public static let maxConcurrentSessions = 400_000
  /// Mean seconds between a person's events (98% log-normal pauses, median 12 s, mean 19.8 s; 2%
  /// coffee breaks of 5 to 25 minutes) and between a bot's (0.2 to 1.7 s).
  private static let meanHumanPause = 37.4
  private static let meanBotPause = 0.95
  /// Mean length of a session at natural pace, from its first event to its last: 5.25 pauses of
  /// a person (6.25 events on average) and 258 of a bot (259 events), bots being 1.5% of sessions.
  private static let meanSessionSeconds = 197.0
  /// Factor applied to every pause (1 at ordinary rates).
  public let pauseScale: Double
  /// The profile's rate multiplier at the event being generated.
  private var pacing = 1.0

  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
    random = SeededRandom(seed: configuration.seed)
    let arrivals = max(configuration.rate, 1e-3) / Self.meanEventsPerSession
    let natural = arrivals * Self.meanSessionSeconds
    pauseScale = min(1, Double(Self.maxConcurrentSessions) / natural)
    // A stationary start: sessions run for minutes, so a stream that starts empty would need
    // minutes to reach its rate. Begin instead with the sessions that would be under way at
    // `start`, each part-way through, so the rate holds from the first second.
    let start = configuration.start
    nextArrival = Double(start)
    for _ in 0..<Int(natural * pauseScale * configuration.profile.rateMultiplier(at: 0)) {
      startSession(at: Double(start), underWay: true)
    }
  }

  /// The time of the event `next()` will return.
  private mutating func nextEventTime() -> Micros {
    while true {
      if let head = due.minTime, Double(head) <= nextArrival { return head }
      _ = scheduleArrival()
    }
  }

  private mutating func scheduleArrival() -> Bool {
    startSession(at: nextArrival, underWay: false)
    let meanGap = 1e6 * Self.meanEventsPerSession / max(configuration.rate, 1e-3)
    let elapsed = (nextArrival - Double(configuration.start)) / 1e6
    nextArrival += random.exponential(mean: meanGap / configuration.profile.rateMultiplier(at: elapsed))
    return true
  }

  /// Mean events per session, used to turn the event rate into a session arrival rate: about 6.3
  /// for people (with the purchases that extend a session) and 259.5 for the 1.5% of bots, tuned
  /// so that long generated streams come within 2% of `rate` from 50 to 1,000,000 events/s.
  private static let meanEventsPerSession = 10.3

  /// The next event in time order.
  public mutating func next() -> Event {
    while true {
      if let event = step() { return event }
    }
  }

  /// Runs the simulation to its next due session: an event, or nil when that session ended.
  private mutating func step() -> Event? {
    _ = nextEventTime()
    let (time, slot) = due.pop()
    guard let event = step(slot: Int(slot), time: time) else { return nil }
    generated += 1
    return event
  }

  /// Starts a session; one `underWay` has already done a random part of its events and is due
  /// again within one pause.
  private mutating func startSession(at time: Double, underWay: Bool) {
    let elapsed = (time - Double(configuration.start)) / 1e6
    var isBot: Bool
    var events: Int
    repeat {
      isBot = random.unit() < configuration.profile.botShare(at: elapsed, normal: configuration.botShare)
      if isBot {
        events = 110 + random.below(300)
      } else {
        // Geometric-like with a heavy tail: most sessions are short, some browse a long while.
        events = 1 + Int(random.exponential(mean: 5.7))
      }
      // Sessions under way at an instant are the long ones more often, in proportion to their
      // length (a one-event session is never under way): keep a drawn session with probability
      // length / longest, so the stream starts with the events that would be in flight.
    } while underWay && random.unit() * Self.longestUnderWay >= Self.expectedLength(events: events, isBot: isBot)
    let user = random.zipfRank(configuration.users)
    let anonymous = !isBot && random.unit() < configuration.anonymousShare
    var session = Session(
      user: user, id: anonymous ? nil : random.next(), isBot: isBot, remaining: events,
      page: Catalog.landingPage(&random), cart: 0,
      referrer: random.unit() < 0.35 ? nil : random.below(Catalog.referrers.count))
    session.shopper = !isBot && configuration.profile.isFlashSale(at: elapsed)
    var due = time
    if underWay {
      let done = random.below(events)
      session.remaining -= done
      if done > 0 {
        session.started = true
        session.referrer = nil
        // Some of those already browsing have something in the cart (as many as in steady state).
        if !isBot && random.unit() < 0.3 { session.cart = 1 + random.below(2) }
      }
      // The wait until its next event: part of a pause drawn the way an arbitrary instant falls
      // into pauses, where long pauses are more likely to hold it (length-biased: a log-normal's
      // median moves up by e^σ²).
      due += pause(isBot: isBot, lengthBiased: true) * random.unit() * 1e6
    }
    let slot: Int
    if let free = freeSlots.popLast() {
      sessions[free] = session
      slot = free
    } else {
      sessions.append(session)
      slot = sessions.count - 1
    }
    self.due.push(Int64(due), UInt32(slot))
  }

  /// A session's expected length at natural pace, capped at `longestUnderWay`.
  private static func expectedLength(events: Int, isBot: Bool) -> Double {
    min(Double(events - 1) * (isBot ? meanBotPause : meanHumanPause), longestUnderWay)
  }
  private static let longestUnderWay = 40 * meanHumanPause

  /// Seconds until a session's next event: bots click every second or so; people mostly pause
  /// for seconds, sometimes minutes, and rarely take a coffee break just under 30 minutes.
  private mutating func pause(isBot: Bool, lengthBiased: Bool = false) -> Double {
    let natural: Double
    if isBot {
      natural = random.unit() * 1.5 + 0.2
    } else if lengthBiased {
      // Coffee breaks take 2% of pauses but about half of the time spent pausing.
      natural = random.unit() < 0.45 ? 300 + random.unit() * 1200 : random.logNormal(median: 12 * 2.718, sigma: 1.0)
    } else {
      natural = random.unit() < 0.02 ? 300 + random.unit() * 1200 : random.logNormal(median: 12, sigma: 1.0)
    }
    // People browse faster when traffic is high (and idle at night): pauses follow the profile.
    return natural * pauseScale / pacing
  }

  private var freeSlots: [Int] = []

  /// Emits the session's next event and schedules the one after, or ends the session.
  private mutating func step(slot: Int, time: Micros) -> Event? {
    var session = sessions[slot]
    guard session.remaining > 0 else {
      freeSlots.append(slot)
      return nil
    }
    session.remaining -= 1
    var event = Event(
      time: time, eventID: random.next(), user: session.user, session: session.id,
      action: .pageView, page: session.page, referrer: nil, product: 0, quantity: 0,
      amountCents: 0, query: 0)
    let isFirst = !session.started
    session.started = true
    let elapsed = Double(time - configuration.start) / 1e6
    // A sale banner turns people already browsing into shoppers too.
    if !session.isBot && configuration.profile.isFlashSale(at: elapsed) { session.shopper = true }
    pacing = configuration.profile.rateMultiplier(at: elapsed)
    if let referrer = session.referrer {
      event.referrer = referrer
      session.referrer = nil
    }
    let pause: Double
    if session.isBot {
      session.page = random.below(Catalog.pageCount)
      event.page = session.page
      pause = self.pause(isBot: true)
    } else {
      // Shoppers of a flash sale add to the cart three times as often and usually buy.
      let roll = random.unit()
      let cartChance = session.shopper ? 0.3 : 0.13
      // Sessions usually buy at their end; shoppers of a sale also check out on the spot.
      let buysNow = session.remaining == 0 ? roll < (session.shopper ? 0.85 : 0.28) : session.shopper && roll < 0.12
      if session.cart > 0 && buysNow {
        event.action = .purchase
        let items = Double(session.cart)
        event.amountCents = Int(random.logNormal(median: 4500, sigma: 0.6) * pow(items, 0.7)) + 99
        event.quantity = session.cart
        session.cart = 0
      } else if !isFirst && roll < 0.08 {
        event.action = .search
        event.query = random.zipfRank(Catalog.queries.count) - 1
      } else if !isFirst && roll < cartChance {
        event.action = .addToCart
        event.product = random.zipfRank(Catalog.products) - 1
        event.quantity = 1 + (random.unit() < 0.2 ? random.below(3) : 0)
        session.cart += event.quantity
        if session.remaining == 0 { session.remaining = 1 + random.below(3) }
      } else if !isFirst && roll < cartChance + 0.02 && session.cart > 0 {
        event.action = .removeFromCart
        event.product = random.zipfRank(Catalog.products) - 1
        session.cart -= 1
      } else {
        if !isFirst { session.page = Catalog.nextPage(from: session.page, &random) }
        event.page = session.page
      }
      pause = self.pause(isBot: false)
    }
    sessions[slot] = session
    if session.remaining > 0 {
      due.push(time + Int64(pause * 1e6) + 1, UInt32(slot))
    } else {
      due.push(time, UInt32(slot))  // retire on the next turn
    }
    return event
  }

  // MARK: - JSON

  /// Appends the next event as one JSON line (with its newline) and returns its time.
  @discardableResult
  public mutating func appendLine(to out: inout [UInt8]) -> Micros {
    let event = next()
    Self.appendJSON(event, to: &out)
    return event.time
  }

  /// Appends `count` page views, each from a user of its own in a session of its own, `spacing`
  /// apart from `start`: the widest stream for a window (used to measure memory and accuracy).
  public static func appendDistinctVisitors(_ count: Int, start: Micros, spacing: Micros, to out: inout [UInt8]) {
    for i in 0..<count {
      let event = Event(
        time: start + Micros(i) * spacing, eventID: UInt64(i) &* 0x9E37_79B9_7F4A_7C15, user: i,
        session: UInt64(i) + 1, action: .pageView, page: i % Catalog.pages.count, referrer: nil, product: 0,
        quantity: 0, amountCents: 0, query: 0)
      appendJSON(event, to: &out)
    }
  }
}
