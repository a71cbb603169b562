import Analytics
import Foundation
import Testing

@testable import EventSources

@Suite struct TrafficGeneratorTests {
  private func lines(_ configuration: TrafficGenerator.Configuration, count: Int) -> [UInt8] {
    var generator = TrafficGenerator(configuration: configuration)
    var out: [UInt8] = []
    for _ in 0..<count { generator.appendLine(to: &out) }
    return out
  }

  @Test func isDeterministic() {
    var configuration = TrafficGenerator.Configuration()
    configuration.seed = 42
    #expect(lines(configuration, count: 5000) == lines(configuration, count: 5000))
    configuration.seed = 43
    #expect(lines(configuration, count: 100) != lines(TrafficGenerator.Configuration(), count: 100))
  }

  /// `--rate` is met from the first seconds on, at low and high rates (where pauses shrink).
  @Test(arguments: [(1000.0, 600.0), (40_000.0, 15.0)])
  func meetsTheRate(rate: Double, seconds: Double) {
    var configuration = TrafficGenerator.Configuration()
    configuration.rate = rate
    configuration.seed = 3
    var generator = TrafficGenerator(configuration: configuration)
    let end = configuration.start + Int64(seconds * 1e6)
    var count = 0
    while generator.next().time < end { count += 1 }
    let measured = Double(count) / seconds
    #expect(abs(measured / rate - 1) < 0.04, "\(measured) events/s for --rate \(rate)")
  }

  /// Parses the output with Foundation (independent of eventtop's decoder) and checks the shape
  /// the issue asks for.
  @Test func looksLikeRealTraffic() throws {
    var configuration = TrafficGenerator.Configuration()
    configuration.rate = 20
    configuration.users = 2000
    let text = lines(configuration, count: 60_000)
    var times: [Int64] = []
    var actions: [String: Int] = [:]
    var sessionsPerKey: [String: Int] = [:]
    var userTimes: [String: [Int64]] = [:]
    var amounts: [Double] = []
    var withReferrer = 0
    for line in text.split(separator: 0x0A) {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
      let stamp = try #require(object["timestamp"] as? String)
      let time = try #require(Timestamp.parseISO8601(stamp))
      #expect(!stamp.hasSuffix("Z"), "naive timestamps like the seed's producer")
      times.append(time)
      let action = try #require(object["action"] as? String)
      actions[action, default: 0] += 1
      let user = try #require(object["user_id"] as? String)
      let properties = try #require(object["properties"] as? [String: Any])
      let key = (object["session_id"] as? String) ?? "user:" + user
      sessionsPerKey[key, default: 0] += 1
      userTimes[user, default: []].append(time)
      if action == "purchase" { amounts.append(try #require(properties["amount"] as? Double)) }
      if action == "page_view" {
        #expect(properties["page_url"] is String)
        if properties["referrer"] is String { withReferrer += 1 }
      }
    }
    #expect(times == times.sorted(), "sorted by time")
    let seconds = Double(times.last! - times.first!) / 1e6
    #expect(abs(Double(times.count) / seconds - 20) < 4, "rate close to --rate")
    let total = Double(times.count)
    #expect(Double(actions["page_view"]!) / total > 0.6)
    #expect(actions["add_to_cart", default: 0] > 0)
    let purchaseShare = Double(actions["purchase", default: 0]) / Double(sessionsPerKey.count)
    #expect(purchaseShare > 0.01 && purchaseShare < 0.1, "a few percent of sessions buy: \(purchaseShare)")
    #expect(amounts.allSatisfy { $0 > 0 && $0 < 5000 })
    let bots = sessionsPerKey.values.filter { $0 > 100 }.count
    #expect(bots > 0 && Double(bots) / Double(sessionsPerKey.count) < 0.05, "a small share of bot sessions")
    // Heavy-tailed users: the busiest user has far more events than the median one.
    let perUser = userTimes.values.map(\.count).sorted()
    #expect(perUser.last! > 20 * perUser[perUser.count / 2])
    // Users who come back after more than 30 minutes.
    let returning = userTimes.values.filter { times in
      zip(times, times.dropFirst()).contains { $1 - $0 > 1_800_000_000 }
    }.count
    #expect(returning > 10)
    #expect(withReferrer > 0)
  }

  @Test func everyLineIsValidForTheDecoder() {
    let text = lines(TrafficGenerator.Configuration(), count: 20_000)
    var decoder = LineDecoder()
    var batch = EventBatch()
    decoder.decodeLines(text, firstLineNumber: 1, into: &batch)
    #expect(batch.invalidCount == 0)
    #expect(batch.events.count == 20_000)
  }
}
