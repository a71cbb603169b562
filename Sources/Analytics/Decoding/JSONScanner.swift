/// A decimal number as JSON spells it: `significand × 10^exponent`, keeping the first 19
/// significant digits (later digits are truncated, which is below a microsecond or a millionth for
/// every value eventtop reads).
public struct DecimalNumber: Sendable, Equatable {
  public var negative = false
  public var significand: UInt64 = 0
  public var exponent = 0

  /// The value times 10^`power`, truncated toward zero; nil when it does not fit in 120 bits.
  public func scaled(by power: Int) -> Int128? {
    if significand == 0 { return 0 }
    let e = exponent + power
    var magnitude = Int128(significand)
    if e >= 0 {
      if e > 38 { return nil }
      for _ in 0..<e {
        let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
        if overflow || product > (Int128(1) << 120) { return nil }
        magnitude = product
      }
    } else {
      if -e >= 20 { return 0 }
      for _ in 0 ..< -e { magnitude /= 10 }
    }
    return negative ? -magnitude : magnitude
  }

  /// Whether the scaled value lost digits to truncation (used to round times toward the past).
  func hasFraction(scaledBy power: Int) -> Bool {
    let e = exponent + power
    if e >= 0 || significand == 0 { return false }
    if -e >= 20 { return true }
    var divisor: UInt64 = 1
    for _ in 0 ..< -e { divisor &*= 10 }
    return significand % divisor != 0
  }
}

/// The extent of a JSON string's contents (between the quotes) within a line.
struct StringSpan {
  var start: UnsafePointer<UInt8>
  var end: UnsafePointer<UInt8>
  var hasEscapes: Bool
  var count: Int { end - start }
}

/// A JSON syntax error, with a short description of what was found.
struct JSONSyntaxError: Error {
  var detail: String
}

/// A cursor over the bytes of one line that validates JSON (RFC 8259, UTF-8 included) as it skips
/// or reads values. It never recurses, so nesting depth is limited by memory only.
struct JSONScanner {
  var p: UnsafePointer<UInt8>
  let end: UnsafePointer<UInt8>

  @inline(__always)
  init(start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>) {
    self.p = start
    self.end = end
  }

  @inline(__always) var atEnd: Bool { p >= end }
  @inline(__always) var current: UInt8 { p.pointee }

  @inline(__always)
  mutating func skipWhitespace() {
    // Compact JSON has none: one comparison in the common case.
    if p < end && p.pointee > 0x20 { return }
    while p < end {
      let c = p.pointee
      guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { return }
      p += 1
    }
  }

  /// Skips whitespace and returns the next byte, or nil at the end of the line.
  @inline(__always)
  mutating func peek() -> UInt8? {
    skipWhitespace()
    return p < end ? p.pointee : nil
  }

  mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
    guard let c = peek() else { throw JSONSyntaxError(detail: "unexpected end of line") }
    guard c == byte else { throw unexpected() }
    p += 1
  }

  func unexpected() -> JSONSyntaxError {
    guard p < end else { return JSONSyntaxError(detail: "unexpected end of line") }
    let c = p.pointee
    if c >= 0x21 && c < 0x7F {
      return JSONSyntaxError(detail: "unexpected '\(Character(Unicode.Scalar(c)))'")
    }
    return JSONSyntaxError(detail: "unexpected byte 0x\(String(c, radix: 16))")
  }

  // MARK: - Strings

  /// Reads a string whose opening quote is at the cursor and leaves the cursor after the closing
  /// quote. Rejects raw control characters, bad escapes and invalid UTF-8.
  @inline(__always)
  mutating func scanString() throws(JSONSyntaxError) -> StringSpan {
    p += 1
    let start = p
    var escapes = false
    while true {
      // Eight bytes at a time while none of them needs a look: quote, backslash, control, non-ASCII.
      while end - p >= 8 {
        let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
        let flagged = Self.special(word)
        if flagged == 0 {
          p += 8
        } else {
          p += flagged.trailingZeroBitCount >> 3
          break
        }
      }
      guard p < end else { throw JSONSyntaxError(detail: "unterminated string") }
      let c = p.pointee
      if c == 0x22 {
        let span = StringSpan(start: start, end: p, hasEscapes: escapes)
        p += 1
        return span
      } else if c == 0x5C {
        escapes = true
        try skipEscape()
      } else if c < 0x20 {
        throw JSONSyntaxError(detail: "control character in string")
      } else if c >= 0x80 {
        try skipUTF8Sequence()
      } else {
        p += 1
      }
    }
  }

  /// A mask with the high bit set in each byte of `word` that is `"`, `\`, below 0x20 or above 0x7F
  /// (only the lowest set byte is guaranteed exact; the caller needs no more).
  @inline(__always)
  static func special(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    let quoteZero = (quote &- ones) & ~quote
    let backslashZero = (backslash &- ones) & ~backslash
    let control = (word &- ones &* 0x20) & ~word
    return (quoteZero | backslashZero | control | word) & highs
  }

  private mutating func skipEscape() throws(JSONSyntaxError) {
    guard end - p >= 2 else { throw JSONSyntaxError(detail: "unterminated escape") }
    switch p[1] {
    case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
      p += 2
    case 0x75:
      guard end - p >= 6, Self.hexValue(p + 2) != nil else {
        throw JSONSyntaxError(detail: "bad \\u escape")
      }
      p += 6
    default:
      throw JSONSyntaxError(detail: "bad escape")
    }
  }

  static func hexValue(_ at: UnsafePointer<UInt8>) -> UInt32? {
    var value: UInt32 = 0
    for i in 0..<4 {
      let c = at[i]
      let digit: UInt32
      switch c {
      case 0x30...0x39: digit = UInt32(c - 0x30)
      case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
      default: return nil
      }
      value = value << 4 | digit
    }
    return value
  }

  private mutating func skipUTF8Sequence() throws(JSONSyntaxError) {
    let lead = p.pointee
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; low = 0xA0
    case 0xE1...0xEC, 0xEE, 0xEF: length = 3
    case 0xED: length = 3; high = 0x9F
    case 0xF0: length = 4; low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; high = 0x8F
    default: throw JSONSyntaxError(detail: "invalid UTF-8")
    }
    guard end - p >= length else { throw JSONSyntaxError(detail: "invalid UTF-8") }
    let second = p[1]
    guard second >= low && second <= high else { throw JSONSyntaxError(detail: "invalid UTF-8") }
    for i in 2..<length where p[i] & 0xC0 != 0x80 {
      throw JSONSyntaxError(detail: "invalid UTF-8")
    }
    p += length
  }

  /// Appends the contents of a scanned string to `out`, resolving escapes. A lone UTF-16 surrogate
  /// becomes U+FFFD so that the result is always valid UTF-8.
  static func appendUnescaped(_ span: StringSpan, to out: inout [UInt8]) {
    guard span.hasEscapes else {
      out.append(contentsOf: UnsafeBufferPointer(start: span.start, count: span.count))
      return
    }
    var q = span.start
    while q < span.end {
      let c = q.pointee
      guard c == 0x5C else {
        out.append(c)
        q += 1
        continue
      }
      let e = q[1]
      q += 2
      switch e {
      case 0x62: out.append(0x08)
      case 0x66: out.append(0x0C)
      case 0x6E: out.append(0x0A)
      case 0x72: out.append(0x0D)
      case 0x74: out.append(0x09)
      case 0x75:
        var scalar = hexValue(q) ?? 0xFFFD
        q += 4
        if scalar >= 0xD800 && scalar <= 0xDBFF {
          if span.end - q >= 6 && q[0] == 0x5C && q[1] == 0x75, let low = hexValue(q + 2),
            low >= 0xDC00 && low <= 0xDFFF
          {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            q += 6
          } else {
            scalar = 0xFFFD
          }
        } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
          scalar = 0xFFFD
        }
        appendUTF8(scalar, to: &out)
      default: out.append(e)  // \" \\ \/
      }
    }
  }

  static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      out.append(UInt8(scalar))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | scalar >> 6))
      out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | scalar >> 12))
      out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      out.append(UInt8(0x80 | scalar & 0x3F))
    default:
      out.append(UInt8(0xF0 | scalar >> 18))
      out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      out.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  // MARK: - Numbers and literals

  /// Reads a number (JSON grammar) at the cursor.
  @inline(__always)
  mutating func scanNumber() throws(JSONSyntaxError) -> DecimalNumber {
    var number = DecimalNumber()
    if p < end && p.pointee == 0x2D {
      number.negative = true
      p += 1
    }
    guard p < end, Self.isDigit(p.pointee) else { throw JSONSyntaxError(detail: "bad number") }
    var digits = 0
    if p.pointee == 0x30 {
      p += 1
    } else {
      while p < end, Self.isDigit(p.pointee) {
        accumulate(p.pointee, into: &number, digits: &digits, isFraction: false)
        p += 1
      }
    }
    if p < end && p.pointee == 0x2E {
      p += 1
      guard p < end, Self.isDigit(p.pointee) else { throw JSONSyntaxError(detail: "bad number") }
      while p < end, Self.isDigit(p.pointee) {
        accumulate(p.pointee, into: &number, digits: &digits, isFraction: true)
        p += 1
      }
    }
    if p < end && (p.pointee == 0x65 || p.pointee == 0x45) {
      p += 1
      var negativeExponent = false
      if p < end && (p.pointee == 0x2B || p.pointee == 0x2D) {
        negativeExponent = p.pointee == 0x2D
        p += 1
      }
      guard p < end, Self.isDigit(p.pointee) else { throw JSONSyntaxError(detail: "bad number") }
      var exponent = 0
      while p < end, Self.isDigit(p.pointee) {
        exponent = min(exponent * 10 + Int(p.pointee - 0x30), 1_000_000)
        p += 1
      }
      number.exponent += negativeExponent ? -exponent : exponent
    }
    return number
  }

  @inline(__always)
  private func accumulate(
    _ c: UInt8, into number: inout DecimalNumber, digits: inout Int, isFraction: Bool
  ) {
    let digit = UInt64(c - 0x30)
    if digits == 0 && digit == 0 {
      // Leading zeros of a fraction only shift the exponent.
      if isFraction { number.exponent -= 1 }
      return
    }
    if digits < 19 {
      number.significand = number.significand * 10 + digit
      digits += 1
      if isFraction { number.exponent -= 1 }
    } else if !isFraction {
      number.exponent += 1
    }
  }

  @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

  /// Reads `true`, `false` or `null` at the cursor (four bytes compared at once).
  @inline(__always)
  mutating func scanLiteral() throws(JSONSyntaxError) {
    guard end - p >= 4 else { throw unexpected() }
    let word = UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
    if word == 0x6C6C_756E || word == 0x6575_7274 {  // "null", "true"
      p += 4
    } else if word == 0x736C_6166 && end - p >= 5 && p[4] == 0x65 {  // "fals" "e"
      p += 5
    } else {
      throw unexpected()
    }
  }

  /// Whether the cursor is at `null` (and skips it).
  @inline(__always)
  mutating func scanNull() -> Bool {
    guard end - p >= 4, UnsafeRawPointer(p).loadUnaligned(as: UInt32.self) == 0x6C6C_756E else { return false }
    p += 4
    return true
  }

  // MARK: - Skipping

  /// Validates and skips any value at the cursor, iteratively; `containers` is scratch space for
  /// the open objects (true) and arrays (false).
  mutating func skipValue(_ containers: inout [Bool]) throws(JSONSyntaxError) {
    guard let first = peek() else { throw JSONSyntaxError(detail: "unexpected end of line") }
    if first != 0x7B && first != 0x5B {
      try skipScalar(first)
      return
    }
    containers.removeAll(keepingCapacity: true)
    var c = first
    // Each turn of the loop sits where a value (or a closing bracket of an empty container) starts.
    while true {
      if c == 0x7B || c == 0x5B {
        let isObject = c == 0x7B
        p += 1
        guard let next = peek() else { throw JSONSyntaxError(detail: "unexpected end of line") }
        if next == (isObject ? 0x7D : 0x5D) {
          p += 1
        } else {
          containers.append(isObject)
          if isObject { try skipKey() }
          c = try peekValue()
          continue
        }
      } else {
        try skipScalar(c)
      }
      // After a value: a comma or the end of the innermost container.
      while true {
        guard let isObject = containers.last else { return }
        guard let next = peek() else { throw JSONSyntaxError(detail: "unexpected end of line") }
        if next == 0x2C {
          p += 1
          if isObject { try skipKey() }
          break
        } else if next == (isObject ? 0x7D : 0x5D) {
          p += 1
          containers.removeLast()
        } else {
          throw unexpected()
        }
      }
      c = try peekValue()
    }
  }

  private mutating func peekValue() throws(JSONSyntaxError) -> UInt8 {
    guard let c = peek() else { throw JSONSyntaxError(detail: "unexpected end of line") }
    return c
  }

  private mutating func skipKey() throws(JSONSyntaxError) {
    guard peek() == 0x22 else { throw unexpected() }
    _ = try scanString()
    try expect(0x3A)
  }

  @inline(__always)
  mutating func skipScalar(_ c: UInt8) throws(JSONSyntaxError) {
    switch c {
    case 0x22: _ = try scanString()
    case 0x2D, 0x30...0x39: _ = try scanNumber()
    case 0x74, 0x66, 0x6E: try scanLiteral()
    default: throw unexpected()
    }
  }
}
