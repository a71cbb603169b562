import Analytics
import Foundation
import TestSupport
import Testing

/// The lines a recorder writes for a batch: as read, or with the shifted times the engine saw.
@Suite struct EventBatchRecordingTests {
  /// Lines in several shapes: ISO text with and without a zone, Unix seconds and milliseconds,
  /// whitespace, an escaped key, a nested `timestamp` that is not the event's, a byte order mark;
  /// with an invalid and a blank line among them.
  static let lines = [
    #"{"user_id":"a","action":"page_view","properties":{"page_url":"/x"},"timestamp":"2026-11-24T10:00:00"}"#,
    #"{ "timestamp" : 1764000000.25 , "user_id" : "b", "action" : "click" }"#,
    "not json",
    #"{"user_id":"c","action":"purchase","properties":{"timestamp":"nested","amount":5},"time\u0073tamp":1764000001000}"#,
    "",
    #"{"user_id":"d","action":"page_view","timestamp":"2026-11-24T12:00:00.5+02:00","properties":{"page_url":"/é"}}"#,
    "\u{FEFF}" + #"{"user_id":"e","action":"view","timestamp":"2026-11-24T10:00:07Z","session_id":null}"#,
  ]

  static func decode(_ text: [UInt8]) -> EventBatch {
    var decoder = LineDecoder()
    decoder.keepsValidLines = true
    var batch = EventBatch()
    decoder.decodeLines(text, firstLineNumber: 1, into: &batch)
    return batch
  }

  static let input = Array(lines.joined(separator: "\n").utf8)

  @Test func unshiftedLinesAreTheValidLinesAsRead() {
    let batch = Self.decode(Self.input)
    #expect(batch.events.count == 5)
    let valid = Self.lines.filter { !$0.isEmpty && $0 != "not json" }.map {
      $0.replacingOccurrences(of: "\u{FEFF}", with: "")
    }
    #expect(String(decoding: batch.linesAsIngested, as: UTF8.self) == valid.joined(separator: "\n") + "\n")
  }

  /// Decoding the rewritten lines gives the shifted times and the same everything else.
  @Test(arguments: [1_000_000 as Int64, 3_600_000_123, -86_400_000_000])
  func shiftedLinesDecodeToTheShiftedEvents(_ shift: Int64) throws {
    var batch = Self.decode(Self.input)
    let original = batch.events
    batch.shiftTimes(by: shift)
    let rewritten = batch.linesAsIngested
    let again = Self.decode(rewritten)
    #expect(again.invalidCount == 0)
    try #require(again.events.count == original.count)
    for (before, after) in zip(original, again.events) {
      #expect(after.time == before.time + shift)
      #expect(after.user == before.user)
      #expect(after.sessionKey == before.sessionKey)
      #expect(after.kind == before.kind)
      #expect(after.page == before.page)
      #expect(after.amountMicros == before.amountMicros)
    }
    // Only the top-level timestamp changed: the nested one is still there.
    #expect(String(decoding: rewritten, as: UTF8.self).contains(#""timestamp":"nested""#))
  }

  /// A paced replay hands a batch over in slices: each carries the lines of its own events.
  @Test func slicesCarryTheirOwnLines() {
    var batch = Self.decode(Self.input)
    batch.shiftTimes(by: 5_000_000)
    let whole = batch.linesAsIngested
    var joined: [UInt8] = []
    for range in [0..<2, 2..<2, 2..<3, 3..<5] {
      let part = batch.slice(range)
      #expect(Self.decode(part.linesAsIngested).events.count == range.count)
      joined += part.linesAsIngested
    }
    #expect(joined == whole)
  }
}
