import Foundation
import Testing

@testable import Analytics

@Suite struct TimeTests {
  @Test(arguments: [
    ("90", Int64(90_000_000)), ("90s", 90_000_000), ("5m", 300_000_000), ("1h", 3_600_000_000),
    ("1.5s", 1_500_000), ("250ms", 250_000), ("2d", 172_800_000_000), ("0.000001", 1), ("1.5m", 90_000_000),
    ("1h30m", 5_400_000_000), ("1m30s", 90_000_000), ("1d2h3m4s", 93_784_000_000), ("1s500ms", 1_500_000),
  ])
  func parsesDurations(_ text: String, _ micros: Int64) {
    #expect(TimeSpan.parse(text) == micros)
  }

  @Test(arguments: [
    "", "0", "-5", "5x", "m", "1.", "1.0000001s", "5 m", "1e3", "99999999999999999999", "0s", "1h30", "30 1h", "1hm",
    "0s0m", "36500d1s",
  ])
  func rejectsBadDurations(_ text: String) {
    #expect(TimeSpan.parse(text) == nil)
  }

  @Test func formatsDurations() {
    #expect(TimeSpan.format(300_000_000) == "5m")
    #expect(TimeSpan.format(3_600_000_000) == "1h")
    #expect(TimeSpan.format(5_400_000_000) == "1h30m")
    #expect(TimeSpan.format(1_500_000) == "1.5s")
    #expect(TimeSpan.format(90_000_000) == "1m30s")
  }

  /// Whatever `format` writes, `parse` reads back (the fuzz target checks the same at random).
  @Test func formattedDurationsReadBack() {
    var state: UInt64 = 7
    for _ in 0..<10_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let micros = Int64(state >> 20) % (86_400_000_000 * 400) + 1
      for value in [micros, micros / 1_000_000 * 1_000_000 + 1_000_000] {
        #expect(TimeSpan.parse(TimeSpan.format(value)) == value, "\(value) → \(TimeSpan.format(value))")
      }
    }
  }

  /// Round trip against Foundation's ISO 8601 formatter over many random instants.
  @Test func formatsISO8601LikeFoundation() {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    var random = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let seconds = Int64.random(in: -2_000_000_000...5_000_000_000, using: &random)
      let text = Timestamp.iso8601(seconds * 1_000_000)
      let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
      #expect(text == expected)
      #expect(Timestamp.parseISO8601(text) == seconds * 1_000_000)
      let fraction = Int64.random(in: 1..<1_000_000, using: &random)
      #expect(
        Timestamp.parseISO8601(Timestamp.iso8601(seconds * 1_000_000 + fraction)) == seconds * 1_000_000 + fraction)
    }
  }

  @Test func writesExactDecimals() {
    #expect(Decimal6.string(Int64(0)) == "0")
    #expect(Decimal6.string(Int64(1_500_000)) == "1.5")
    #expect(Decimal6.string(Int64(-1)) == "-0.000001")
    #expect(Decimal6.string(Int64(19_990_000)) == "19.99")
    #expect(Decimal6.string(Int128(123_456_789_012_345_678)) == "123456789012.345678")
  }
}
