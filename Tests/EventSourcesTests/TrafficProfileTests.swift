import Analytics
import Testing

@testable import EventSources

@Suite struct TrafficProfileTests {
  private func events(_ profile: TrafficProfile, rate: Double, seconds: Double) -> [TrafficGenerator.Event] {
    var configuration = TrafficGenerator.Configuration()
    configuration.profile = profile
    configuration.rate = rate
    var generator = TrafficGenerator(configuration: configuration)
    var events: [TrafficGenerator.Event] = []
    let end = configuration.start + Int64(seconds * 1e6)
    while true {
      let event = generator.next()
      if event.time > end { break }
      events.append(event)
    }
    return events
  }

  private func seconds(_ event: TrafficGenerator.Event) -> Double {
    Double(event.time - TrafficGenerator.Configuration().start) / 1e6
  }

  @Test func diurnalFollowsTheDay() {
    let all = events(.diurnal, rate: 100, seconds: TrafficProfile.diurnalPeriod)
    // 20:00 of the compressed day is 6 minutes in; 04:00 is 10 minutes in.
    let evening = all.filter { (330...390).contains(seconds($0)) }.count
    let night = all.filter { (570...630).contains(seconds($0)) }.count
    #expect(Double(evening) > 4 * Double(night), "evening \(evening), night \(night)")
    let mean = Double(all.count) / TrafficProfile.diurnalPeriod
    #expect(abs(mean - 100) < 25, "the average over a day is the rate: \(mean)")
  }

  @Test func flashSalesBringPurchaseSurges() {
    let all = events(.flashSale, rate: 100, seconds: 300)
    let purchases = all.filter { $0.action == .purchase }
    let profile = TrafficProfile.flashSale
    // Purchases per minute during the sale's last 40 seconds and the minute after it against a
    // quiet minute before the first sale.
    let surge = purchases.filter { (80...160).contains(seconds($0)) }.count
    let quiet = purchases.filter { (0...60).contains(seconds($0)) }.count
    #expect(profile.isFlashSale(at: 90) && !profile.isFlashSale(at: 30) && !profile.isFlashSale(at: 130))
    #expect(Double(surge) / 80 > 3 * Double(max(quiet, 1)) / 60, "surge \(surge) in 80 s, quiet \(quiet) in 60 s")
  }

  @Test func botBurstsAreWavesOfLongSessions() {
    let all = events(.botBurst, rate: 50, seconds: 200)
    var perSession: [UInt64: (count: Int, first: Double)] = [:]
    for event in all {
      guard let session = event.session else { continue }
      perSession[session, default: (0, seconds(event))].count += 1
    }
    let bots = perSession.values.filter { $0.count > 100 }
    let inBurst = bots.filter { (30...70).contains($0.first) }.count
    #expect(inBurst * 2 > bots.count, "most bots start during the burst: \(inBurst) of \(bots.count)")
    #expect(bots.count > 20)
  }

  @Test func steadyHoldsItsRateFromTheFirstSecond() {
    let all = events(.steady, rate: 200, seconds: 60)
    let first = all.filter { seconds($0) < 10 }.count
    let last = all.filter { seconds($0) >= 50 }.count
    #expect(abs(Double(first) - 2000) < 500, "first 10 s: \(first)")
    #expect(abs(Double(last) - 2000) < 500, "last 10 s: \(last)")
  }
}
