import Analytics
import Foundation
import Testing

@testable import Dashboard

@Suite struct JSONOutputTests {
  private func text(_ body: (inout [UInt8]) -> Void) -> String {
    var out: [UInt8] = []
    body(&out)
    return String(decoding: out, as: UTF8.self)
  }

  @Test func escapesStringsSoEveryLineIsValidJSON() throws {
    let hostile = "a\"b\\c\n\u{1B}[31m\u{7}\u{0}é😀\u{202E}"
    let line = text { JSONOutput.appendString(hostile, to: &$0) }
    #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed) as? String
    #expect(parsed == hostile)
  }

  @Test func writesTheSnapshotSchema() throws {
    var snapshot = Snapshot()
    snapshot.time = 1_795_766_700_000_000
    snapshot.window = 300_000_000
    snapshot.events = Snapshot.Events(total: 10, inWindow: 7, invalid: 2, late: 1)
    snapshot.activeUsers = 3
    snapshot.topPages = [PageCount(page: "/", views: 4), PageCount(page: "/a\"", views: 1)]
    snapshot.sessions.active = 2
    snapshot.sessions.p50 = 1_500_000
    snapshot.sessions.max = 3_000_001
    snapshot.purchases = Snapshot.Purchases(count: 1, revenueMicros: 19_990_000)
    snapshot.limits = Snapshot.Limits(
      userSamplingLevel: 2, sessionSamplingLevel: 1, usersEvicted: 11, sessionsEvicted: 12, pagesEvicted: 13,
      trackedUsers: 21, trackedSessions: 22, trackedPages: 23, windowRecords: 24, secondsCompacted: 25, alertsKept: 26,
      alertsDropped: 27)
    let line = text { JSONOutput.append(snapshot, to: &$0) }
    #expect(line.hasSuffix("}\n"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(json["type"] as? String == "snapshot")
    #expect(json["time"] as? String == "2026-11-27T08:05:00Z")
    #expect(json["final"] as? Bool == false)
    #expect(json["window_seconds"] as? Int == 300)
    let events = try #require(json["events"] as? [String: Any])
    #expect(events["total"] as? Int == 10)
    #expect(events["in_window"] as? Int == 7)
    #expect(events["invalid"] as? Int == 2)
    #expect(events["late"] as? Int == 1)
    #expect(json["active_users"] as? Int == 3)
    let pages = try #require(json["top_pages"] as? [[String: Any]])
    #expect(pages.map { $0["page"] as? String } == ["/", "/a\""])
    let sessions = try #require(json["sessions"] as? [String: Any])
    let durations = try #require(sessions["duration_seconds"] as? [String: Any])
    #expect((durations["p50"] as? NSNumber)?.doubleValue == 1.5)
    #expect((durations["max"] as? NSNumber)?.doubleValue == 3.000001)
    let purchases = try #require(json["purchases"] as? [String: Any])
    #expect((purchases["revenue"] as? NSNumber)?.doubleValue == 19.99)
    #expect(line.contains(#""per_second":0.023333,"#))
    let limits = try #require(json["limits"] as? [String: [String: Int]])
    #expect(limits["users"] == ["tracked": 21, "evicted": 11, "sampling_level": 2])
    #expect(limits["sessions"] == ["tracked": 22, "evicted": 12, "sampling_level": 1])
    #expect(limits["pages"] == ["tracked": 23, "evicted": 13])
    #expect(limits["records"] == ["kept": 24, "seconds_compacted": 25])
    #expect(limits["alerts"] == ["kept": 26, "dropped": 27])
  }

  @Test func writesAlerts() throws {
    let purchase = Alert(
      kind: .purchase, time: 1_795_766_400_250_000, userID: "u1", sessionID: nil, amountMicros: 5_000_000,
      orderID: "o-1")
    let line = text { JSONOutput.append(purchase, to: &$0) }
    #expect(
      line
        == #"{"type":"alert","kind":"purchase","time":"2026-11-27T08:00:00.250000Z","user_id":"u1","session_id":null,"amount":5,"order_id":"o-1"}"#
        + "\n")
    let burst = Alert(kind: .highActivity, time: 1_795_766_400_000_000, userID: "u2", sessionID: "s", count: 101)
    #expect(
      text { JSONOutput.append(burst, to: &$0) }
        == #"{"type":"alert","kind":"high_activity","time":"2026-11-27T08:00:00Z","user_id":"u2","session_id":"s","count":101}"#
        + "\n")
  }
}
