import Testing

@testable import Analytics

@Suite struct FastPathTests {
  @Test func generatorShapedLinesTakeTheFastPath() {
    let lines = [
      #"{"event_id":"e","user_id":"u1","action":"page_view","properties":{"page_url":"/","referrer":null},"timestamp":"2026-11-27T08:00:00.5","session_id":"s"}"#,
      #"{"event_id": "e", "user_id": "u1", "action": "purchase", "properties": {"order_id": "o", "total_amount": 12.5, "items": 2}, "timestamp": "2026-11-27T08:00:00", "session_id": "s"}"#,
      #"{"user_id":"u","action":"add_to_cart","properties":{"product_id":"p-1","quantity":1,"price":19.99},"timestamp":"2026-11-27T08:00:00Z"}"#,
    ]
    for line in lines {
      var bytes = Array(line.utf8)
      let fields = bytes.withUnsafeMutableBufferPointer {
        LineDecoder.fastFields(UnsafePointer($0.baseAddress!), count: $0.count)
      }
      #expect(fields != nil, "slow path for \(line)")
    }
  }
}
