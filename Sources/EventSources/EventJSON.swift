import Analytics

extension TrafficGenerator {
  /// The longest line `appendJSON` writes is well under this (the catalog's longest names, a
  /// 20-digit user number and a six-digit year included).
  static let maxLineBytes = 1024

  /// Writes `event` in the seed's shape: event_id, user_id, action, properties, timestamp
  /// (naive ISO 8601, as Python's `datetime.isoformat()` writes it), session_id.
  ///
  /// The line is put together in a stack buffer and appended in one copy: at a million events
  /// a second the generator must not spend its time growing arrays a few bytes at a time.
  public static func appendJSON(_ event: Event, to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLineBytes) { buffer in
      var line = LineWriter(buffer.baseAddress!)
      line.write(event)
      out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<line.count]))
    }
  }
}

/// Writes bytes forward from a pointer into a buffer known to be large enough.
struct LineWriter {
  private let start: UnsafeMutablePointer<UInt8>
  private var p: UnsafeMutablePointer<UInt8>

  init(_ start: UnsafeMutablePointer<UInt8>) {
    self.start = start
    p = start
  }

  var count: Int { p - start }

  @inline(__always)
  mutating func put(_ literal: StaticString) {
    p.initialize(from: literal.utf8Start, count: literal.utf8CodeUnitCount)
    p += literal.utf8CodeUnitCount
  }

  @inline(__always)
  mutating func put(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { source in
      p.initialize(from: source.baseAddress!, count: source.count)
      p += source.count
    }
  }

  @inline(__always)
  mutating func put(byte: UInt8) {
    p.pointee = byte
    p += 1
  }

  /// A non-negative integer in decimal.
  mutating func put(int value: Int) {
    var v = UInt64(value)
    var length = 1
    var scale: UInt64 = 10
    while v >= scale && length < 19 {
      length += 1
      scale &*= 10
    }
    if v >= scale { length += 1 }
    for i in stride(from: length - 1, through: 0, by: -1) {
      p[i] = 0x30 + UInt8(v % 10)
      v /= 10
    }
    p += length
  }

  /// Cents as a decimal amount with two fraction digits.
  mutating func put(cents: Int) {
    put(int: cents / 100)
    put(byte: UInt8(ascii: "."))
    put(byte: 0x30 + UInt8(cents % 100 / 10))
    put(byte: 0x30 + UInt8(cents % 10))
  }

  /// The low `digits` hex digits of `value`, lower case.
  @inline(__always)
  mutating func put(hex value: UInt64, digits: Int) {
    for i in 0..<digits {
      let nibble = UInt8((value >> UInt64((digits - 1 - i) * 4)) & 0xF)
      p[i] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }
    p += digits
  }

  /// A version-4-shaped UUID made from `value`.
  mutating func put(uuid value: UInt64) {
    let mixed = value &* 0x9E37_79B9_7F4A_7C15
    put(hex: value >> 32, digits: 8)
    put(byte: UInt8(ascii: "-"))
    put(hex: value >> 16, digits: 4)
    put("-4")
    put(hex: value, digits: 3)
    put(byte: UInt8(ascii: "-"))
    put(hex: 0x8000 | (mixed >> 48) & 0x3FFF, digits: 4)
    put(byte: UInt8(ascii: "-"))
    put(hex: mixed, digits: 12)
  }

  /// `2026-11-27T08:00:00.191737`, without the fraction when it is zero (like Python).
  mutating func put(naiveTime time: Micros) {
    p += Timestamp.writeISO8601(time, to: p) - 1  // without the Z
  }

  mutating func write(_ event: TrafficGenerator.Event) {
    put(#"{"event_id":""#)
    put(uuid: event.eventID)
    put(#"","user_id":"u"#)
    put(int: event.user)
    put(#"","action":""#)
    put(Catalog.actionBytes[event.action.index])
    put(#"","properties":{"#)
    switch event.action {
    case .pageView:
      put(#""page_url":""#)
      put(Catalog.pageBytes[event.page])
      put(#"","referrer":"#)
      if let referrer = event.referrer {
        put(byte: UInt8(ascii: "\""))
        put(Catalog.referrerBytes[referrer])
        put(byte: UInt8(ascii: "\""))
      } else {
        put("null")
      }
    case .search:
      put(#""query":""#)
      put(Catalog.queryBytes[event.query])
      put(byte: UInt8(ascii: "\""))
    case .addToCart, .removeFromCart:
      put(#""product_id":"p-"#)
      put(int: event.product)
      put(#"","quantity":"#)
      put(int: event.quantity)
      if event.action == .addToCart {
        put(#","price":"#)
        put(cents: Catalog.price(of: event.product))
      }
    case .purchase:
      put(#""order_id":"o-"#)
      put(hex: event.eventID >> 16, digits: 10)
      put(#"","amount":"#)
      put(cents: event.amountCents)
      put(#","currency":"USD","items":"#)
      put(int: event.quantity)
    }
    put(#"},"timestamp":""#)
    put(naiveTime: event.time)
    if let session = event.session {
      put(#"","session_id":""#)
      put(hex: session, digits: 16)
    }
    put("\"}\n")
  }
}
