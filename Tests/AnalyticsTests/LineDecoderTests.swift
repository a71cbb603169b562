import Foundation
import TestSupport
import Testing

@testable import Analytics

@Suite struct LineDecoderTests {
  private func decode(_ text: String) -> EventBatch { Lines.batch(text) }

  private func single(_ line: String) throws -> (DecodedEvent, EventBatch) {
    let batch = decode(line)
    #expect(batch.invalidCount == 0, "rejected: \(batch.invalidSamples)")
    let event = try #require(batch.events.first)
    return (event, batch)
  }

  @Test func decodesTheSeedShape() throws {
    let line = """
      {"event_id":"e1","user_id":"u42","action":"page_view","properties":{"page_url":"/pricing","referrer":null},"timestamp":"2026-11-27T08:00:00.191737","session_id":"s9"}
      """
    let (event, batch) = try single(line)
    #expect(event.kind == .pageView)
    #expect(batch.string(event.userText) == "u42")
    #expect(batch.string(event.sessionText) == "s9")
    #expect(batch.string(event.pageText) == "/pricing")
    #expect(event.user == ByteHash.hash("u42", seed: HashSeed.user))
    #expect(event.sessionKey == ByteHash.hash("s9", seed: HashSeed.session))
    #expect(event.page == ByteHash.hash("/pricing", seed: HashSeed.page))
    #expect(event.hasSession)
    #expect(event.time == Self.micros(2026, 11, 27, 8, 0, 0) + 191_737)
  }

  /// Microseconds since the epoch computed with Foundation's calendar, independently of ours.
  static func micros(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))!
    return Int64(date.timeIntervalSince1970.rounded()) * 1_000_000
  }

  static let base = micros(2026, 11, 27, 8, 0, 0)

  @Test(
    arguments: [
      ("\"2026-11-27T08:00:00\"", base),
      ("\"2026-11-27 08:00:00\"", base),
      ("\"2026-11-27T08:00:00Z\"", base),
      ("\"2026-11-27T08:00:00.5\"", base + 500_000),
      ("\"2026-11-27T08:00:00.123456789\"", base + 123_456),
      ("\"2026-11-27T08:00:00.000001Z\"", base + 1),
      ("\"2026-11-27T10:30:00+02:30\"", base),
      ("\"2026-11-27T05:00:00-0300\"", base),
      ("\"2026-11-27T08:00:00.25+00:00\"", base + 250_000),
      ("\"2026-11-28T00:00:00+16:00\"", base),
      ("1795766400", base),
      ("1795766400.25", base + 250_000),
      ("1795766400250", base + 250_000),
      ("1.7957664e9", base),
      ("179576640025e1", base + 250_000),
      ("0", 0),
      ("-1.5", -1_500_000),
      ("\"1970-01-01T00:00:00Z\"", 0),
      // Proleptic Gregorian, as ISO 8601 counts (Foundation switches to Julian before 1582):
      // Python's date(1970, 1, 1).toordinal() - date(1, 1, 1).toordinal() == 719162 days.
      ("\"0001-01-01T00:00:00Z\"", -719_162 * 86_400 * 1_000_000),
      ("\"9999-12-31T23:59:59.999999Z\"", micros(9999, 12, 31, 23, 59, 59) + 999_999),
      ("\"2024-02-29T12:00:00Z\"", micros(2024, 2, 29, 12, 0, 0)),
      ("\"2026-11-27T08:00:00\\u005a\"", base),
    ] as [(String, Int64)])
  func parsesTimestampForms(_ timestamp: String, _ expected: Int64) throws {
    let (event, _) = try single(#"{"user_id":"u","action":"a","timestamp":"# + timestamp + "}")
    #expect(event.time == expected)
  }

  @Test(arguments: [
    "\"2026-11-27\"", "\"2026-11-27T08:00\"", "\"2026-13-01T00:00:00\"", "\"2026-02-29T00:00:00\"",
    "\"2026-11-31T00:00:00\"", "\"2026-11-27T24:00:00\"", "\"2026-11-27T08:60:00\"",
    "\"2026-11-27T08:00:60\"", "\"2026-11-27T08:00:00.\"", "\"2026-11-27T08:00:00+5\"",
    "\"2026-11-27T08:00:00+24:00\"", "\"2026-11-27T08:00:00 UTC\"", "\"26-11-27T08:00:00\"",
    "\"2026/11/27T08:00:00\"", "\"\"", "\"yesterday\"", "\"0000-01-01T00:00:00Z\"",
    "1e400", "-1e400", "\"2026-11-27T08:00:00ZZ\"",
  ])
  func rejectsBadTimestamps(_ timestamp: String) {
    let batch = decode(#"{"user_id":"u","action":"a","timestamp":"# + timestamp + "}")
    #expect(batch.events.isEmpty)
    #expect(batch.invalidCount == 1)
    guard case .badTimestamp = batch.invalidSamples.first?.reason else {
      Issue.record("expected badTimestamp, got \(String(describing: batch.invalidSamples.first))")
      return
    }
  }

  /// Each kind of invalid line the contract names, with the reason it must give.
  @Test(
    arguments: [
      ("not json at all", "notJSON"),
      (#"{"user_id":"u","action":"a","timestamp":0"#, "notJSON"),
      (#"{"user_id":"u","action":"a","timestamp":0}}"#, "notJSON"),
      (#"{"user_id":"u","action":"a","timestamp":0} x"#, "notJSON"),
      (#"{"user_id":"u" "action":"a","timestamp":0}"#, "notJSON"),
      (#"{"user_id":'u',"action":"a","timestamp":0}"#, "notJSON"),
      (#"{"user_id":"u","action":"a","timestamp":0,}"#, "notJSON"),
      (#"{"user_id":"u","action":"a","timestamp":01}"#, "notJSON"),
      (#"{"user_id":"u\x","action":"a","timestamp":0}"#, "notJSON"),
      (#"{"user_id":"u","action":"a","timestamp":0,"x":tru}"#, "notJSON"),
      (#"{"user_id":"u","action":"a","timestamp":0,"x":[1,2}"#, "notJSON"),
      (#"[1,2,3]"#, "notAnObject"),
      (#""just a string""#, "notAnObject"),
      (#"42"#, "notAnObject"),
      (#"null"#, "notAnObject"),
      (#"{"action":"a","timestamp":0}"#, "missingField"),
      (#"{"user_id":"u","timestamp":0}"#, "missingField"),
      (#"{"user_id":"u","action":"a"}"#, "missingField"),
      (#"{}"#, "missingField"),
      (#"{"user_id":42,"action":"a","timestamp":0}"#, "wrongType"),
      (#"{"user_id":null,"action":"a","timestamp":0}"#, "wrongType"),
      (#"{"user_id":"u","action":["a"],"timestamp":0}"#, "wrongType"),
      (#"{"user_id":"u","action":"a","timestamp":true}"#, "wrongType"),
      (#"{"user_id":"u","action":"a","timestamp":0,"session_id":7}"#, "wrongType"),
      (#"{"user_id":"u","action":"a","timestamp":0,"event_id":{}}"#, "wrongType"),
      (#"{"user_id":"u","action":"a","timestamp":0,"properties":[]}"#, "wrongType"),
      (#"{"user_id":"u","action":"a","timestamp":0,"properties":"x"}"#, "wrongType"),
      (#"{"user_id":"u","action":"a","timestamp":0,"properties":{"page_url":5}}"#, "wrongType"),
      (#"{"user_id":"","action":"a","timestamp":0}"#, "emptyField"),
      (#"{"user_id":"u","action":"","timestamp":0}"#, "emptyField"),
      (#"{"user_id":"u","action":"purchase","timestamp":0,"properties":{"amount":"abc"}}"#, "badAmount"),
      (#"{"user_id":"u","action":"purchase","timestamp":0,"properties":{"amount":true}}"#, "badAmount"),
      (#"{"user_id":"u","action":"purchase","timestamp":0,"properties":{"amount":1e400}}"#, "badAmount"),
      (#"{"user_id":"u","action":"purchase","timestamp":0,"properties":{"total_amount":"12,50"}}"#, "badAmount"),
      (#"{"user_id":"u","user_id":"v","action":"a","timestamp":0}"#, "duplicateKey"),
      (#"{"user_id":"u","action":"a","timestamp":0,"properties":{"page_url":"/","page_url":"/x"}}"#, "duplicateKey"),
    ] as [(String, String)])
  func rejectsInvalidLines(_ line: String, _ kind: String) {
    let batch = decode(line)
    #expect(batch.events.isEmpty, "accepted: \(line)")
    #expect(batch.invalidCount == 1)
    let reason = batch.invalidSamples.first.map { String(describing: $0.reason) } ?? ""
    let label: String
    switch batch.invalidSamples.first?.reason {
    case .notJSON: label = "notJSON"
    case .notAnObject: label = "notAnObject"
    case .missingField: label = "missingField"
    case .wrongType: label = "wrongType"
    case .emptyField: label = "emptyField"
    case .badTimestamp: label = "badTimestamp"
    case .badAmount: label = "badAmount"
    case .duplicateKey: label = "duplicateKey"
    case .lineTooLong: label = "lineTooLong"
    case nil: label = "none"
    }
    #expect(label == kind, "\(line) → \(reason)")
  }

  @Test func rejectsRawControlCharactersAndInvalidUTF8() {
    let good = Array(#"{"user_id":"u","action":"a","timestamp":0}"#.utf8)
    for bad in [
      [0x22, 0x01, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x00],
    ]
      as [[UInt8]]
    {
      var line = Array(#"{"user_id":"u","action":"a","timestamp":0,"x":"#.utf8)
      line += bad
      line += Array("}".utf8)
      var decoder = LineDecoder()
      var batch = EventBatch()
      decoder.decodeLines(line + [0x0A] + good, firstLineNumber: 1, into: &batch)
      #expect(batch.invalidCount == 1, "\(bad)")
      #expect(batch.events.count == 1)
      #expect(batch.invalidSamples.first?.lineNumber == 1)
    }
  }

  @Test func acceptsUTF8AndResolvesEscapes() throws {
    let (event, batch) = try single(
      #"{"user_id":"u\u0031","action":"page_view","timestamp":0,"properties":{"page_url":"/caf\u00e9/\ud83d\ude00/日本\/x\u0000"}}"#
    )
    #expect(batch.string(event.userText) == "u1")
    #expect(event.user == ByteHash.hash("u1", seed: HashSeed.user))
    #expect(batch.string(event.pageText) == "/café/😀/日本/x\u{0}")
    let (lone, loneBatch) = try single(#"{"user_id":"\ud800x\udc00","action":"a","timestamp":0}"#)
    #expect(loneBatch.string(lone.userText) == "\u{FFFD}x\u{FFFD}")
  }

  @Test func ignoresUnknownFieldsOfAnyShape() throws {
    let (event, _) = try single(
      #"{"z":[1,{"a":[true,false,null,-0.5e-3,"\""]},[]],"user_id":"u","q":{},"action":"page_view","timestamp":0,"properties":{"x":{"page_url":1},"page_url":"/p","referrer":null}}"#
    )
    #expect(event.kind == .pageView)
  }

  @Test func survivesDeepNestingWithoutRecursion() throws {
    let depth = 100_000
    let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    let (event, _) = try single(#"{"user_id":"u","action":"a","timestamp":0,"deep":"# + nested + "}")
    #expect(event.kind == .other)
    let broken = String(repeating: "[", count: depth) + String(repeating: "]", count: depth - 1)
    #expect(decode(#"{"user_id":"u","action":"a","timestamp":0,"deep":"# + broken + "}").invalidCount == 1)
    let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
    #expect(decode(#"{"user_id":"u","action":"a","timestamp":0,"deep":"# + objects + "}").events.count == 1)
  }

  @Test func defaultsAndOptionalFields() throws {
    let (noPage, batch) = try single(#"{"user_id":"u","action":"page_view","timestamp":0}"#)
    #expect(batch.string(noPage.pageText) == "unknown")
    let (nullProps, _) = try single(#"{"user_id":"u","action":"page_view","timestamp":0,"properties":null}"#)
    #expect(nullProps.page == ByteHash.hash("unknown", seed: HashSeed.page))
    let (noSession, _) = try single(#"{"user_id":"u7","action":"a","timestamp":0,"session_id":null}"#)
    #expect(!noSession.hasSession)
    #expect(
      noSession.sessionKey == ByteHash.rehash(ByteHash.hash("u7", seed: HashSeed.user), seed: HashSeed.sessionFromUser))
    #expect(noSession.sessionKey != ByteHash.hash("u7", seed: HashSeed.session))
  }

  @Test(
    arguments: [
      (#"{"amount":19.99}"#, Int64(19_990_000)),
      (#"{"amount":"19.99"}"#, 19_990_000),
      (#"{"total_amount":5}"#, 5_000_000),
      (#"{"total_amount":"1e2"}"#, 100_000_000),
      (#"{"amount":1.5,"total_amount":99}"#, 1_500_000),
      (#"{"amount":null,"total_amount":2}"#, 2_000_000),
      (#"{}"#, 0),
      (#"{"amount":-0}"#, 0),
      (#"{"amount":-3.25}"#, -3_250_000),
      (#"{"amount":0.0000019}"#, 1),
    ] as [(String, Int64)])
  func readsPurchaseAmounts(_ properties: String, _ micros: Int64) throws {
    let (event, _) = try single(#"{"user_id":"u","action":"purchase","timestamp":0,"properties":"# + properties + "}")
    #expect(event.kind == .purchase)
    #expect(event.amountMicros == micros)
  }

  @Test func nonNumericAmountOnlyMattersForPurchases() throws {
    let (event, _) = try single(
      #"{"user_id":"u","action":"add_to_cart","timestamp":0,"properties":{"amount":"lots"}}"#)
    #expect(event.kind == .addToCart)
    #expect(event.amountMicros == 0)
  }

  @Test func countsLinesAndSkipsBlankOnes() {
    let good = #"{"user_id":"u","action":"a","timestamp":0}"#
    let text = [good, "", "   \t", "garbage", good + "\r", "{", good].joined(separator: "\n")
    let batch = decode(text)
    #expect(batch.events.count == 3)
    #expect(batch.invalidCount == 2)
    #expect(batch.invalidSamples.map(\.lineNumber) == [4, 6])
    #expect(batch.lineCount == 7)
  }

  @Test func ignoresAByteOrderMarkAtALineStart() {
    let good = #"{"user_id":"u","action":"a","timestamp":0}"#
    let batch = decode("\u{FEFF}" + good + "\r\n" + good + "\n\u{FEFF}\n" + "\u{FEFF}\u{FEFF}" + good)
    #expect(batch.events.count == 2)
    #expect(batch.invalidCount == 1, "one mark is skipped, not two")
    #expect(batch.invalidSamples.map(\.lineNumber) == [4])
  }

  @Test func keepsOnlyTheFirstTenSamples() {
    let batch = decode(Array(repeating: "x", count: 25).joined(separator: "\n"))
    #expect(batch.invalidCount == 25)
    #expect(batch.invalidSamples.count == 10)
    #expect(batch.invalidSamples.map(\.lineNumber) == Array(1...10))
  }

  @Test func rejectsLinesOverTheLimit() {
    let long = #"{"user_id":"u","action":"a","timestamp":0,"pad":""# + String(repeating: "x", count: 500) + "\"}"
    let batch = Lines.batch(long + "\n" + #"{"user_id":"u","action":"a","timestamp":0}"#, maxLineBytes: 200)
    #expect(batch.events.count == 1)
    #expect(batch.invalidSamples.first?.reason == .lineTooLong(200))
  }

  @Test func recognisesActions() throws {
    for (action, kind) in [
      ("page_view", ActionKind.pageView), ("add_to_cart", .addToCart), ("purchase", .purchase), ("search", .other),
      ("Purchase", .other), ("page_view ", .other),
    ] {
      let (event, batch) = try single(#"{"user_id":"u","action":""# + action + #"","timestamp":0}"#)
      #expect(event.kind == kind)
      if kind == .other { #expect(batch.string(event.actionText) == action) }
    }
  }
}
