/// The common case, fast: a line of plain ASCII JSON whose strings have no escapes and whose
/// unknown fields are strings, numbers or literals. It reads such a line in one pass, with no
/// call per token, and gives up — returning nil — at the first thing it does not handle
/// (escapes, non-ASCII bytes, nested unknown values, exponents, a duplicate or missing field, any
/// error). Then the full parser (`parse`) decides, so what is valid and why a line is invalid are
/// defined by that parser alone; this path only ever agrees with it, sooner.
extension LineDecoder {
  // Keys as little-endian words: eight bytes, or the first bytes of a shorter key.
  private static var userIDWord: UInt64 { 0x0064695F72657375 }  // "user_id"
  private static var actionWord: UInt64 { 0x00006E6F69746361 }  // "action"
  private static var timestampHead: UInt64 { 0x6D617473656D6974 }  // "timestam"
  private static var sessionHead: UInt64 { 0x5F6E6F6973736573 }  // "session_"
  private static var propertiesHead: UInt64 { 0x69747265706F7270 }  // "properti"
  private static var eventIDWord: UInt64 { 0x64695F746E657665 }  // "event_id"
  private static var pageURLWord: UInt64 { 0x6C72755F65676170 }  // "page_url"
  private static var orderIDWord: UInt64 { 0x64695F726564726F }  // "order_id"
  private static var amountWord: UInt64 { 0x0000746E756F6D61 }  // "amount"
  private static var totalAmountHead: UInt64 { 0x6D615F6C61746F74 }  // "total_am"

  /// The fields of a common-case line, or nil to leave the line to the full parser.
  @inline(__always)
  static func fastFields(_ start: UnsafePointer<UInt8>, count: Int) -> Fields? {
    guard let (fields, end) = fastFields(start, limit: start + count), end == start + count else { return nil }
    return fields
  }

  /// The fields of a common-case line starting at `start`, read without knowing where the line
  /// ends (at most to `limit`), and where its text ends: at the `\n` that follows the object's
  /// closing brace and any blanks (before a `\r` right before it), or at `limit`.
  @inline(__always)
  static func fastFields(_ start: UnsafePointer<UInt8>, limit: UnsafePointer<UInt8>) -> (Fields, UnsafePointer<UInt8>)?
  {
    var cursor = FastCursor(p: start, end: limit)
    guard cursor.skipSpace(), cursor.take(0x7B) else { return nil }
    var fields = Fields()
    guard cursor.members(of: &fields, topLevel: true) else { return nil }
    _ = cursor.skipSpace()
    guard cursor.p == limit || cursor.p.pointee == 0x0A else { return nil }
    guard fields.user != nil, fields.action != nil, fields.timestampText != nil else { return nil }
    return (fields, cursor.p)
  }

  /// Timestamps go through the decoder's cache; the cursor only finds their text.
  fileprivate struct FastCursor {
    var p: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>

    /// Skips JSON whitespace; false at the end of the line.
    @inline(__always)
    mutating func skipSpace() -> Bool {
      while p < end {
        let c = p.pointee
        if c > 0x20 { return true }
        guard c == 0x20 || c == 0x09 || c == 0x0D else { return false }
        p += 1
      }
      return false
    }

    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
      guard p < end, p.pointee == byte else { return false }
      p += 1
      return true
    }

    /// A string with no escapes, controls or non-ASCII bytes, the cursor on its opening quote.
    @inline(__always)
    mutating func string() -> StringSpan? {
      p += 1
      let start = p
      while end - p >= 8 {
        let flagged = JSONScanner.special(UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        if flagged != 0 {
          p += flagged.trailingZeroBitCount >> 3
          break
        }
        p += 8
      }
      while p < end {
        let c = p.pointee
        if c == 0x22 {
          let span = StringSpan(start: start, end: p, hasEscapes: false)
          p += 1
          return span
        }
        guard c >= 0x20 && c < 0x80 && c != 0x5C else { return nil }
        p += 1
      }
      return nil
    }

    /// A number in plain decimal notation (no exponent).
    @inline(__always)
    mutating func number() -> DecimalNumber? {
      var number = DecimalNumber()
      if p < end && p.pointee == 0x2D {
        number.negative = true
        p += 1
      }
      guard p < end, JSONScanner.isDigit(p.pointee) else { return nil }
      var digits = 0
      if p.pointee == 0x30 {
        p += 1
      } else {
        while p < end, JSONScanner.isDigit(p.pointee) {
          guard digits < 18 else { return nil }
          number.significand = number.significand &* 10 &+ UInt64(p.pointee &- 0x30)
          digits += 1
          p += 1
        }
      }
      if p < end && p.pointee == 0x2E {
        p += 1
        guard p < end, JSONScanner.isDigit(p.pointee) else { return nil }
        while p < end, JSONScanner.isDigit(p.pointee) {
          guard digits < 18 else { return nil }
          number.significand = number.significand &* 10 &+ UInt64(p.pointee &- 0x30)
          if number.significand != 0 { digits += 1 }
          number.exponent -= 1
          p += 1
        }
      }
      if p < end && (p.pointee == 0x65 || p.pointee == 0x45) { return nil }
      return number
    }

    /// `null`, `true` or `false`; false for anything else.
    @inline(__always)
    mutating func literal() -> Bool {
      guard end - p >= 4 else { return false }
      let word = UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
      if word == 0x6C6C_756E || word == 0x6575_7274 {
        p += 4
        return true
      }
      if word == 0x736C_6166 && end - p >= 5 && p[4] == 0x65 {
        p += 5
        return true
      }
      return false
    }

    @inline(__always)
    mutating func null() -> Bool {
      guard end - p >= 4, UnsafeRawPointer(p).loadUnaligned(as: UInt32.self) == 0x6C6C_756E else { return false }
      p += 4
      return true
    }

    /// The members of the top-level object, whose `{` was just read, up to its `}`.
    mutating func members(of fields: inout Fields, topLevel: Bool) -> Bool {
      guard skipSpace() else { return false }
      if p.pointee == 0x7D {
        p += 1
        return true
      }
      while true {
        guard p.pointee == 0x22 else { return false }
        let key: Key
        if let known = knownKey(topLevel: topLevel) {
          key = known
        } else {
          guard let keySpan = string() else { return false }
          key = identify(keySpan, topLevel: topLevel)
        }
        guard colon() else { return false }
        if key != .unknown {
          guard fields.seen & key.rawValue == 0 else { return false }
          fields.seen |= key.rawValue
        }
        if key == .properties {
          let c = p.pointee
          if c == 0x7B {
            p += 1
            guard members(of: &fields, topLevel: false) else { return false }
          } else if !null() {
            return false
          }
        } else {
          guard value(for: key, into: &fields) else { return false }
        }
        guard skipSpace() else { return false }
        let c = p.pointee
        p += 1
        if c == 0x7D { return true }
        guard c == 0x2C, skipSpace() else { return false }
      }
    }

    /// A known key recognised from its bytes and its closing quote in one or two loads, the
    /// cursor on its opening quote; the cursor moves past the closing quote. Nil otherwise (the
    /// caller scans the key as any string). A match is exactly the key's ASCII text, so it needs
    /// no further validation.
    @inline(__always)
    private mutating func knownKey(topLevel: Bool) -> Key? {
      guard end - p >= 16 else { return nil }
      let q = UnsafeRawPointer(p + 1)
      let head = q.loadUnaligned(as: UInt64.self)
      @inline(__always) func quoteAt(_ offset: Int) -> Bool { q.load(fromByteOffset: offset, as: UInt8.self) == 0x22 }
      let key: Key
      let length: Int
      if topLevel {
        switch head {
        case 0x2264_695F_7265_7375: (key, length) = (.userID, 7)  // user_id"
        case 0x6469_5F74_6E65_7665 where quoteAt(8): (key, length) = (.eventID, 8)  // event_id
        case 0x6D61_7473_656D_6974 where q.loadUnaligned(fromByteOffset: 8, as: UInt16.self) == 0x2270:
          (key, length) = (.timestamp, 9)  // timestam p"
        case 0x5F6E_6F69_7373_6573 where q.loadUnaligned(fromByteOffset: 8, as: UInt16.self) == 0x6469 && quoteAt(10):
          (key, length) = (.sessionID, 10)  // session_ id
        case 0x6974_7265_706F_7270 where q.loadUnaligned(fromByteOffset: 8, as: UInt16.self) == 0x7365 && quoteAt(10):
          (key, length) = (.properties, 10)  // properti es
        default:
          guard head & 0x00FF_FFFF_FFFF_FFFF == 0x0022_6E6F_6974_6361 else { return nil }  // action"
          (key, length) = (.action, 6)
        }
      } else {
        switch head {
        case 0x6C72_755F_6567_6170 where quoteAt(8): (key, length) = (.pageURL, 8)  // page_url
        case 0x6469_5F72_6564_726F where quoteAt(8): (key, length) = (.orderID, 8)  // order_id
        default:
          guard head & 0x00FF_FFFF_FFFF_FFFF == 0x0022_746E_756F_6D61 else { return nil }  // amount"
          (key, length) = (.amount, 6)
        }
      }
      p += length + 2
      return key
    }

    /// The `:` after a key and the space around it; true when a value follows.
    @inline(__always)
    private mutating func colon() -> Bool {
      if p < end && p.pointee == 0x3A {
        p += 1
      } else {
        guard skipSpace(), p.pointee == 0x3A else { return false }
        p += 1
      }
      return skipSpace()
    }

    @inline(__always)
    private func identify(_ span: StringSpan, topLevel: Bool) -> Key {
      let q = span.start
      let count = span.count
      // The key is followed by at least `":` and a value, so an 8-byte load stays in the line.
      guard end - q >= 10 else { return .unknown }
      let head = UnsafeRawPointer(q).loadUnaligned(as: UInt64.self)
      @inline(__always) func masked(_ length: Int) -> UInt64 { head & (UInt64.max >> UInt64(64 - 8 * length)) }
      if topLevel {
        switch count {
        case 7: return masked(7) == LineDecoder.userIDWord ? .userID : .unknown
        case 6: return masked(6) == LineDecoder.actionWord ? .action : .unknown
        case 9: return head == LineDecoder.timestampHead && q[8] == 0x70 ? .timestamp : .unknown
        case 10:
          let tail = UInt16(q[8]) | UInt16(q[9]) << 8
          if head == LineDecoder.sessionHead && tail == 0x6469 { return .sessionID }
          if head == LineDecoder.propertiesHead && tail == 0x7365 { return .properties }
          return .unknown
        case 8: return head == LineDecoder.eventIDWord ? .eventID : .unknown
        default: return .unknown
        }
      }
      switch count {
      case 8: return head == LineDecoder.pageURLWord ? .pageURL : head == LineDecoder.orderIDWord ? .orderID : .unknown
      case 6: return masked(6) == LineDecoder.amountWord ? .amount : .unknown
      case 12:
        let tail = UnsafeRawPointer(q + 8).loadUnaligned(as: UInt32.self)
        return head == LineDecoder.totalAmountHead && tail == 0x746E_756F ? .totalAmount : .unknown
      default: return .unknown
      }
    }

    @inline(__always)
    private mutating func value(for key: Key, into fields: inout Fields) -> Bool {
      // (Inlined into `members`; strings and numbers scan in place.)
      let c = p.pointee
      switch key {
      case .userID, .action:
        guard c == 0x22, let span = string(), span.count > 0 else { return false }
        if key == .userID { fields.user = span } else { fields.action = span }
      case .sessionID, .eventID, .pageURL:
        if c == 0x22 {
          guard let span = string() else { return false }
          if key == .sessionID && span.count > 0 { fields.session = span }
          if key == .pageURL { fields.page = span }
        } else if !null() {
          return false
        }
      case .timestamp:
        guard c == 0x22, let span = string() else { return false }
        fields.timestampText = span
      case .properties:
        return false  // handled by `members`
      case .amount, .totalAmount:
        let amount: AmountField
        if c == 0x2D || JSONScanner.isDigit(c) {
          guard let number = number() else { return false }
          amount = .number(number)
        } else if null() {
          amount = .absent
        } else {
          return false
        }
        if key == .amount { fields.amount = amount } else { fields.totalAmount = amount }
      case .orderID:
        if c == 0x22 {
          guard let span = string() else { return false }
          fields.order = span
        } else if c == 0x2D || JSONScanner.isDigit(c) {
          let start = p
          guard number() != nil else { return false }
          fields.order = StringSpan(start: start, end: p, hasEscapes: false)
        } else {
          return literal()
        }
      case .unknown:
        if c == 0x22 { return string() != nil }
        if c == 0x2D || JSONScanner.isDigit(c) { return number() != nil }
        return literal()
      }
      return true
    }
  }
}
