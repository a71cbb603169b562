#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns JSON Lines bytes into `DecodedEvent`s without building any JSON object.
///
/// The contract (README, "Event format"): required `user_id` and `action` (non-empty strings) and
/// `timestamp` (ISO 8601 text or Unix seconds/milliseconds); optional `event_id` and `session_id`
/// (strings or null) and `properties` (an object or null). Every line is validated as JSON in full,
/// so a line is either one event or one counted invalid line; blank lines are ignored.
public struct LineDecoder: Sendable {
  /// Lines longer than this many bytes are rejected without being decoded.
  public var maxLineBytes: Int
  /// Copies every valid line (with a `\n`, without a `\r`) to `EventBatch.validLines`, for
  /// recording exactly what was read.
  public var keepsValidLines = false
  private var containers: [Bool] = []
  private var scratch: [UInt8] = []
  /// The start of the batch's source while a call to `decodeLines` runs (for text references).
  /// (An address, not a pointer, so the decoder stays `Sendable`; 0 when none.)
  private var sourceBase = 0
  /// The last timestamp's first 16 bytes (`YYYY-MM-DDTHH:MM`) and that minute's start, so that
  /// a stream's timestamps mostly parse only their seconds.
  private var cachedMinute: (low: UInt64, high: UInt64, start: Micros)?

  public static let defaultMaxLineBytes = 1 << 20

  public init(maxLineBytes: Int = LineDecoder.defaultMaxLineBytes) {
    self.maxLineBytes = maxLineBytes
    containers.reserveCapacity(64)
  }

  /// Decodes every line in `bytes`. Lines end at `\n`; the last line needs no newline. Line numbers
  /// start at `firstLineNumber`. The batch keeps `bytes` (shared, not copied) as its `source`, and
  /// the text of ids and pages points into it. Returns the number of lines seen.
  @discardableResult
  public mutating func decodeLines(_ bytes: [UInt8], firstLineNumber: Int, into batch: inout EventBatch) -> Int {
    decodeLines(bytes, range: 0..<bytes.count, firstLineNumber: firstLineNumber, into: &batch)
  }

  /// Decodes the lines in `bytes[range]` (which starts at a line and ends at a line's end or at
  /// the end of the input); the batch keeps all of `bytes` as its source, shared, not copied.
  @discardableResult
  public mutating func decodeLines(
    _ bytes: [UInt8], range: Range<Int>, firstLineNumber: Int, into batch: inout EventBatch
  ) -> Int {
    guard !range.isEmpty else { return 0 }
    let base: Int
    if batch.source.isEmpty {
      batch.source = bytes
      base = range.lowerBound
    } else {
      base = batch.source.count
      batch.source += bytes[range]
    }
    let source = batch.source
    let lines = source.withUnsafeBufferPointer { buffer -> Int in
      let origin = buffer.baseAddress!
      sourceBase = Int(bitPattern: origin)
      defer { sourceBase = 0 }
      let end = origin + base + range.count
      var lineStart = origin + base
      var lineNumber = firstLineNumber
      while lineStart < end {
        // Most lines: read in one pass that also finds the line's end.
        if let (fields, lineEnd) = Self.fastFields(lineStart, limit: end) {
          var length = lineEnd - lineStart
          if length > 0 && lineStart[length - 1] == 0x0D { length -= 1 }
          if length <= maxLineBytes {
            let mark = batch.text.count
            finish(
              build(fields, into: &batch), lineStart, length: length, lineNumber: lineNumber, into: &batch,
              textMark: mark)
            lineNumber += 1
            lineStart = lineEnd < end ? lineEnd + 1 : end
            continue
          }
        }
        let found = memchr(lineStart, 0x0A, end - lineStart)
        let lineEnd = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } ?? end
        decodeLine(lineStart, count: lineEnd - lineStart, lineNumber: lineNumber, into: &batch)
        lineNumber += 1
        lineStart = found == nil ? end : lineEnd + 1
      }
      return lineNumber - firstLineNumber
    }
    batch.lineCount += lines
    batch.byteCount += range.count
    return lines
  }

  /// Decodes one line (without its `\n`; a trailing `\r` is ignored) into `batch`.
  public mutating func decodeLine(
    _ start: UnsafePointer<UInt8>, count: Int, lineNumber: Int, into batch: inout EventBatch
  ) {
    var start = start
    var length = count
    if length > 0 && start[length - 1] == 0x0D { length -= 1 }
    // A UTF-8 byte order mark (as some Windows tools write at the start of a file) is not content.
    if length >= 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF {
      start += 3
      length -= 3
    }
    if length > maxLineBytes {
      batch.recordInvalid(line: lineNumber, reason: .lineTooLong(maxLineBytes))
      return
    }
    let textMark = batch.text.count
    finish(
      parse(start, count: length, into: &batch), start, length: length, lineNumber: lineNumber, into: &batch,
      textMark: textMark)
  }

  /// Records what parsing a line gave: keeps the valid line for recording, or counts it invalid
  /// (dropping any text it left in the batch).
  @inline(__always)
  private mutating func finish(
    _ outcome: Outcome, _ start: UnsafePointer<UInt8>, length: Int, lineNumber: Int, into batch: inout EventBatch,
    textMark: Int? = nil
  ) {
    switch outcome {
    case .event:
      if keepsValidLines {
        batch.validLines.append(contentsOf: UnsafeBufferPointer(start: start, count: length))
        batch.validLines.append(0x0A)
        batch.validLineEnds.append(batch.validLines.count)
      }
    case .blank:
      if let textMark { batch.text.removeSubrange(textMark...) }
    case .invalid(let reason):
      if let textMark { batch.text.removeSubrange(textMark...) }
      batch.recordInvalid(line: lineNumber, reason: reason)
    }
  }

  // MARK: - One line

  enum Outcome {
    /// The event was appended to the batch.
    case event
    case blank
    case invalid(InvalidReason)
  }

  /// A purchase amount as found, judged only when the action turns out to be a purchase.
  enum AmountField {
    case absent
    case number(DecimalNumber)
    case text(StringSpan)
    case other(String)
  }

  struct Fields {
    var user: StringSpan?
    var action: StringSpan?
    var timestamp: Micros?
    /// The timestamp's text, when the fast path found it (parsed in `build`).
    var timestampText: StringSpan?
    var session: StringSpan?
    var page: StringSpan?
    var amount = AmountField.absent
    var totalAmount = AmountField.absent
    var order: StringSpan?
    var seen: UInt16 = 0
  }

  enum Key: UInt16 {
    case userID = 1, action = 2, timestamp = 4, sessionID = 8, eventID = 16, properties = 32
    case pageURL = 64, amount = 128, totalAmount = 256, orderID = 512
    case unknown = 0

    var name: String {
      switch self {
      case .userID: return "user_id"
      case .action: return "action"
      case .timestamp: return "timestamp"
      case .sessionID: return "session_id"
      case .eventID: return "event_id"
      case .properties: return "properties"
      case .pageURL: return "properties.page_url"
      case .amount: return "properties.amount"
      case .totalAmount: return "properties.total_amount"
      case .orderID: return "properties.order_id"
      case .unknown: return "?"
      }
    }
  }

  private mutating func parse(
    _ start: UnsafePointer<UInt8>, count: Int, into batch: inout EventBatch
  ) -> Outcome {
    if let fields = Self.fastFields(start, count: count) { return build(fields, into: &batch) }
    var scanner = JSONScanner(start: start, end: start + count)
    guard let first = scanner.peek() else { return .blank }
    guard first == 0x7B else {
      do {
        try scanner.skipValue(&containers)
        guard scanner.peek() == nil else { return .invalid(.notJSON("trailing characters")) }
        return .invalid(.notAnObject)
      } catch {
        return .invalid(.notJSON(error.detail))
      }
    }
    var fields = Fields()
    do {
      if let reason = try readObject(&scanner, &fields, topLevel: true) { return .invalid(reason) }
      guard scanner.peek() == nil else { return .invalid(.notJSON("trailing characters")) }
    } catch {
      return .invalid(.notJSON(error.detail))
    }
    return build(fields, into: &batch)
  }

  /// Reads an object at the cursor into `fields`; returns a reason when a field breaks the contract.
  private mutating func readObject(
    _ scanner: inout JSONScanner, _ fields: inout Fields, topLevel: Bool
  ) throws(JSONSyntaxError) -> InvalidReason? {
    scanner.p += 1
    if scanner.peek() == 0x7D {
      scanner.p += 1
      return nil
    }
    while true {
      guard scanner.peek() == 0x22 else { throw scanner.unexpected() }
      let keySpan = try scanner.scanString()
      try scanner.expect(0x3A)
      guard let valueStart = scanner.peek() else {
        throw JSONSyntaxError(detail: "unexpected end of line")
      }
      let key = identify(keySpan, topLevel: topLevel)
      if key != .unknown {
        if fields.seen & key.rawValue != 0 { return .duplicateKey(key.name) }
        fields.seen |= key.rawValue
      }
      if let reason = try readValue(key, valueStart, &scanner, &fields) { return reason }
      guard let next = scanner.peek() else { throw JSONSyntaxError(detail: "unexpected end of line") }
      scanner.p += 1
      if next == 0x7D { return nil }
      guard next == 0x2C else {
        scanner.p -= 1
        throw scanner.unexpected()
      }
    }
  }

  private mutating func readValue(
    _ key: Key, _ c: UInt8, _ scanner: inout JSONScanner, _ fields: inout Fields
  ) throws(JSONSyntaxError) -> InvalidReason? {
    switch key {
    case .unknown:
      try scanner.skipValue(&containers)
    case .userID, .action:
      guard c == 0x22 else {
        try scanner.skipValue(&containers)
        return .wrongType(field: key.name, expected: "a string")
      }
      let span = try scanner.scanString()
      guard span.count > 0 else { return .emptyField(key.name) }
      if key == .userID { fields.user = span } else { fields.action = span }
    case .sessionID, .eventID, .pageURL:
      if c == 0x22 {
        let span = try scanner.scanString()
        if key == .sessionID && span.count > 0 { fields.session = span }
        if key == .pageURL { fields.page = span }
      } else if !scanner.scanNull() {
        try scanner.skipValue(&containers)
        return .wrongType(field: key.name, expected: "a string")
      }
    case .timestamp:
      if c == 0x22 {
        let span = try scanner.scanString()
        guard let time = parseTime(span) else {
          return .badTimestamp(excerpt(span))
        }
        fields.timestamp = time
      } else if c == 0x2D || JSONScanner.isDigit(c) {
        let number = try scanner.scanNumber()
        guard let time = Timestamp.fromUnixNumber(number) else {
          return .badTimestamp("number out of range")
        }
        fields.timestamp = time
      } else {
        try scanner.skipValue(&containers)
        return .wrongType(field: "timestamp", expected: "an ISO 8601 string or a number")
      }
    case .properties:
      if c == 0x7B {
        return try readObject(&scanner, &fields, topLevel: false)
      } else if !scanner.scanNull() {
        try scanner.skipValue(&containers)
        return .wrongType(field: "properties", expected: "an object")
      }
    case .amount, .totalAmount:
      let value: AmountField
      if c == 0x22 {
        value = .text(try scanner.scanString())
      } else if c == 0x2D || JSONScanner.isDigit(c) {
        value = .number(try scanner.scanNumber())
      } else if scanner.scanNull() {
        value = .absent
      } else {
        try scanner.skipValue(&containers)
        value = .other(c == 0x7B ? "an object" : c == 0x5B ? "an array" : "a boolean")
      }
      if key == .amount { fields.amount = value } else { fields.totalAmount = value }
    case .orderID:
      if c == 0x22 {
        fields.order = try scanner.scanString()
      } else if c == 0x2D || JSONScanner.isDigit(c) {
        let start = scanner.p
        _ = try scanner.scanNumber()
        fields.order = StringSpan(start: start, end: scanner.p, hasEscapes: false)
      } else {
        try scanner.skipValue(&containers)
      }
    }
    return nil
  }

  private mutating func identify(_ span: StringSpan, topLevel: Bool) -> Key {
    if span.hasEscapes {
      scratch.removeAll(keepingCapacity: true)
      JSONScanner.appendUnescaped(span, to: &scratch)
      return scratch.withUnsafeBufferPointer { buffer in
        Self.identify(buffer.baseAddress!, count: buffer.count, topLevel: topLevel)
      }
    }
    return Self.identify(span.start, count: span.count, topLevel: topLevel)
  }

  /// Names the key at `p` by comparing whole words: the key's bytes are followed by at least its
  /// closing quote, so a key of up to seven bytes fits in one 8-byte load.
  private static func identify(_ p: UnsafePointer<UInt8>, count: Int, topLevel: Bool) -> Key {
    @inline(__always) func word(_ offset: Int, _ length: Int) -> UInt64 {
      // The `length` bytes from `offset`, little-endian, without reading past the key.
      var value: UInt64 = 0
      if length == 8 { return UnsafeRawPointer(p + offset).loadUnaligned(as: UInt64.self) }
      for i in 0..<length { value |= UInt64(p[offset + i]) << UInt64(8 * i) }
      return value
    }
    @inline(__always) func is8(_ text: StaticString) -> UInt64 {
      var value: UInt64 = 0
      for i in 0..<min(8, text.utf8CodeUnitCount) { value |= UInt64(text.utf8Start[i]) << UInt64(8 * i) }
      return value
    }
    if topLevel {
      switch count {
      case 7: return word(0, 7) == is8("user_id") ? .userID : .unknown
      case 6: return word(0, 6) == is8("action") ? .action : .unknown
      case 9: return word(0, 8) == is8("timestam") && p[8] == 0x70 ? .timestamp : .unknown
      case 10:
        let head = word(0, 8)
        let tail = word(8, 2)
        if head == is8("session_") && tail == 0x6469 { return .sessionID }  // "id"
        if head == is8("properti") && tail == 0x7365 { return .properties }  // "es"
        return .unknown
      case 8: return word(0, 8) == is8("event_id") ? .eventID : .unknown
      default: return .unknown
      }
    }
    switch count {
    case 8:
      let head = word(0, 8)
      return head == is8("page_url") ? .pageURL : head == is8("order_id") ? .orderID : .unknown
    case 6: return word(0, 6) == is8("amount") ? .amount : .unknown
    case 12: return word(0, 8) == is8("total_am") && word(8, 4) == 0x746E_756F ? .totalAmount : .unknown  // "ount"
    default: return .unknown
    }
  }

  mutating func parseTime(_ span: StringSpan) -> Micros? {
    guard span.hasEscapes else {
      if let time = cachedTime(span) { return time }
      let time = Timestamp.parseISO8601(span.start, count: span.count)
      if let time { rememberMinute(span, time) }
      return time
    }
    scratch.removeAll(keepingCapacity: true)
    JSONScanner.appendUnescaped(span, to: &scratch)
    return scratch.withUnsafeBufferPointer { buffer in
      Timestamp.parseISO8601(buffer.baseAddress!, count: buffer.count)
    }
  }

  /// A timestamp in the same minute as the last one, with no zone or `Z`: only its seconds and
  /// fraction are read (the full parser checked the rest when it cached the minute).
  @inline(__always)
  private func cachedTime(_ span: StringSpan) -> Micros? {
    guard let cache = cachedMinute, span.count >= 19 else { return nil }
    let p = span.start
    let raw = UnsafeRawPointer(p)
    guard raw.loadUnaligned(as: UInt64.self) == cache.low,
      raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == cache.high, p[16] == 0x3A
    else { return nil }
    let tens = p[17] &- 0x30
    let ones = p[18] &- 0x30
    guard tens < 6, ones < 10 else { return nil }
    var time = cache.start + Micros(tens * 10 + ones) * 1_000_000
    var q = p + 19
    let end = span.end
    if q < end && q.pointee == 0x2E {
      q += 1
      if end - q >= 6 && (end - q == 6 || q[6] &- 0x30 >= 10) {
        // Exactly six digits, the common case (Python's isoformat): read as one word.
        let fraction = Self.sixDigits(UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
        guard fraction >= 0 else { return nil }
        time += fraction
        q += 6
      } else {
        let digits = q
        var fraction: Micros = 0
        while q < end, q.pointee &- 0x30 < 10 {
          // Digits past the sixth are read (they must be digits) but dropped.
          if q - digits < 6 { fraction = fraction * 10 + Micros(q.pointee - 0x30) }
          q += 1
        }
        guard q > digits else { return nil }
        var count = min(q - digits, 6)
        while count < 6 {
          fraction *= 10
          count += 1
        }
        time += fraction
      }
    }
    if q < end && (q.pointee == 0x5A || q.pointee == 0x7A) { q += 1 }
    return q == end ? time : nil
  }

  /// The value of six ASCII digits in the low six bytes of `word` (little-endian), or -1 when one
  /// of them is not a digit.
  @inline(__always)
  static func sixDigits(_ word: UInt64) -> Micros {
    let digits = (word & 0x0000_FFFF_FFFF_FFFF) &- 0x0000_3030_3030_3030
    // Each byte must now be 0...9: no borrow into the high bit and no value above 9.
    guard (word & 0x0000_F0F0_F0F0_F0F0) == 0x0000_3030_3030_3030,
      (digits &+ 0x0000_0606_0606_0606) & 0x0000_F0F0_F0F0_F0F0 == 0
    else { return -1 }
    var value: Micros = 0
    for i in 0..<6 { value = value * 10 + Micros((digits >> UInt64(8 * i)) & 0xFF) }
    return value
  }

  /// Caches the minute of a parsed timestamp that has no zone offset.
  private mutating func rememberMinute(_ span: StringSpan, _ time: Micros) {
    guard span.count >= 19 else { return }
    let last = span.end[-1]
    guard last &- 0x30 < 10 || last == 0x5A || last == 0x7A,
      span.count < 20 || span.start[19] == 0x2E || span.count == 20
    else { return }
    // Any offset would sit after the seconds as + or -; none of them may appear.
    for i in 19..<span.count where span.start[i] == 0x2B || span.start[i] == 0x2D { return }
    let seconds = Micros(span.start[17] - 0x30) * 10 + Micros(span.start[18] - 0x30)
    let start = Timestamp.floorDiv(time, 1_000_000) - seconds
    let raw = UnsafeRawPointer(span.start)
    cachedMinute = (
      raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self), start * 1_000_000
    )
  }

  private mutating func excerpt(_ span: StringSpan) -> String {
    scratch.removeAll(keepingCapacity: true)
    JSONScanner.appendUnescaped(span, to: &scratch)
    let text = String(decoding: scratch.prefix(40), as: UTF8.self)
    return "\""
      + text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }
      .joined() + (scratch.count > 40 ? "…\"" : "\"")
  }

  // MARK: - Building the event

  mutating func build(_ fields: Fields, into batch: inout EventBatch) -> Outcome {
    guard let user = fields.user else { return .invalid(.missingField("user_id")) }
    guard let action = fields.action else { return .invalid(.missingField("action")) }
    var parsedTime = fields.timestamp
    if parsedTime == nil, let text = fields.timestampText {
      guard let time = parseTime(text) else { return .invalid(.badTimestamp(excerpt(text))) }
      parsedTime = time
    }
    guard let time = parsedTime else { return .invalid(.missingField("timestamp")) }
    let kind = kind(of: action)
    var amountMicros: Int64 = 0
    if kind == .purchase {
      let field: AmountField
      if case .absent = fields.amount { field = fields.totalAmount } else { field = fields.amount }
      switch amount(field) {
      case .success(let micros): amountMicros = micros
      case .failure(let reason): return .invalid(reason)
      }
    }
    let (userText, userHash) = reference(user, seed: HashSeed.user, in: &batch)
    var event = DecodedEvent(
      time: time, user: userHash, sessionKey: 0, kind: kind, hasSession: fields.session != nil, userText: userText)
    if kind == .purchase { event.amountMicros = amountMicros }
    // Known actions have fixed ids; only others are named by hash.
    if kind == .other {
      (event.actionText, event.actionHash) = reference(action, seed: HashSeed.action, in: &batch)
    }
    if let session = fields.session {
      (event.sessionText, event.sessionKey) = reference(session, seed: HashSeed.session, in: &batch)
    } else {
      event.sessionKey = ByteHash.rehash(userHash, seed: HashSeed.sessionFromUser)
    }
    if kind == .pageView {
      if let page = fields.page {
        (event.pageText, event.page) = reference(page, seed: HashSeed.page, in: &batch)
      } else {
        event.pageText = Self.appendText(Array("unknown".utf8), to: &batch)
        event.page = Self.unknownPageHash
      }
    }
    if kind == .purchase, let order = fields.order {
      event.orderText = reference(order, seed: 0, in: &batch).ref
    }
    batch.events.append(event)
    return .event
  }

  private mutating func kind(of action: StringSpan) -> ActionKind {
    guard action.hasEscapes else { return Self.kind(action.start, count: action.count) }
    scratch.removeAll(keepingCapacity: true)
    JSONScanner.appendUnescaped(action, to: &scratch)
    return scratch.withUnsafeBufferPointer { Self.kind($0.baseAddress!, count: $0.count) }
  }

  @inline(__always)
  private static func kind(_ p: UnsafePointer<UInt8>, count: Int) -> ActionKind {
    @inline(__always) func matches(_ word: StaticString) -> Bool {
      word.utf8CodeUnitCount == count && memcmp(p, word.utf8Start, count) == 0
    }
    if matches("page_view") { return .pageView }
    if matches("add_to_cart") { return .addToCart }
    if matches("purchase") { return .purchase }
    return .other
  }

  /// Largest purchase amount accepted: a trillion currency units.
  public static let maxAmountMicros: Int128 = 1_000_000_000_000 * 1_000_000

  private mutating func amount(_ field: AmountField) -> Result<Int64, InvalidReason> {
    let number: DecimalNumber
    switch field {
    case .absent:
      return .success(0)
    case .number(let value):
      number = value
    case .other(let type):
      return .failure(.badAmount(type))
    case .text(let span):
      scratch.removeAll(keepingCapacity: true)
      JSONScanner.appendUnescaped(span, to: &scratch)
      let parsed: DecimalNumber? = scratch.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return nil }
        var scanner = JSONScanner(start: base, end: base + buffer.count)
        guard let value = try? scanner.scanNumber(), scanner.atEnd else { return nil }
        return value
      }
      guard let value = parsed else { return .failure(.badAmount(excerpt(span))) }
      number = value
    }
    guard let micros = number.scaled(by: 6), micros.magnitude <= Self.maxAmountMicros.magnitude
    else {
      return .failure(.badAmount("out of range"))
    }
    return .success(Int64(micros))
  }

  static let unknownPageHash = ByteHash.hash("unknown", seed: HashSeed.page)

  /// A reference to a string's text and its hash: into the batch's source when the string has
  /// no escapes (no copy), else to its unescaped copy in the batch's text.
  @inline(__always)
  private mutating func reference(
    _ span: StringSpan, seed: UInt64, in batch: inout EventBatch
  ) -> (
    ref: TextRef, hash: UInt64
  ) {
    if !span.hasEscapes, sourceBase != 0 {
      let offset = Int(bitPattern: span.start) - sourceBase
      let ref = TextRef(offset: UInt32(truncatingIfNeeded: offset), length: UInt32(span.count))
      return (ref, ByteHash.hash(span.start, count: span.count, seed: seed))
    }
    scratch.removeAll(keepingCapacity: true)
    JSONScanner.appendUnescaped(span, to: &scratch)
    let hash = scratch.withUnsafeBufferPointer { ByteHash.hash($0.baseAddress!, count: $0.count, seed: seed) }
    return (Self.appendText(scratch, to: &batch), hash)
  }

  private static func appendText(_ bytes: [UInt8], to batch: inout EventBatch) -> TextRef {
    let offset = batch.text.count
    batch.text.append(contentsOf: bytes)
    return TextRef(offset: UInt32(truncatingIfNeeded: offset) | TextRef.inText, length: UInt32(bytes.count))
  }
}
