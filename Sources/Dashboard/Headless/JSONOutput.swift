import Analytics

/// The headless JSON Lines format: one object per line, `"type":"snapshot"` or `"type":"alert"`.
///
/// Numbers are written exactly: counts as integers, times in seconds and money with at most six
/// decimals (from microseconds and millionths), so output is byte-identical across runs.
public enum JSONOutput {
  public static func append(_ snapshot: Snapshot, to out: inout [UInt8]) {
    out.append(contentsOf: #"{"type":"snapshot","time":""#.utf8)
    Timestamp.appendISO8601(snapshot.time, to: &out)
    out.append(contentsOf: #"","final":"#.utf8)
    out.append(contentsOf: (snapshot.isFinal ? "true" : "false").utf8)
    out.append(contentsOf: #","window_seconds":"#.utf8)
    Decimal6.append(snapshot.window, to: &out)
    let events = snapshot.events
    out.append(contentsOf: #","events":{"total":"#.utf8)
    appendInt(events.total, to: &out)
    out.append(contentsOf: #","in_window":"#.utf8)
    appendInt(events.inWindow, to: &out)
    out.append(contentsOf: #","per_second":"#.utf8)
    Decimal6.append(perSecondMillionths(events.inWindow, window: snapshot.window), to: &out)
    out.append(contentsOf: #","invalid":"#.utf8)
    appendInt(events.invalid, to: &out)
    out.append(contentsOf: #","late":"#.utf8)
    appendInt(events.late, to: &out)
    out.append(contentsOf: #","future":"#.utf8)
    appendInt(events.future, to: &out)
    out.append(contentsOf: #"},"active_users":"#.utf8)
    appendInt(snapshot.activeUsers, to: &out)
    out.append(contentsOf: #","top_pages":["#.utf8)
    for (i, page) in snapshot.topPages.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: #"{"page":"#.utf8)
      appendString(page.page, to: &out)
      out.append(contentsOf: #","views":"#.utf8)
      appendInt(page.views, to: &out)
      out.append(UInt8(ascii: "}"))
    }
    let sessions = snapshot.sessions
    out.append(contentsOf: #"],"sessions":{"active":"#.utf8)
    appendInt(sessions.active, to: &out)
    out.append(contentsOf: #","duration_seconds":{"p50":"#.utf8)
    Decimal6.append(sessions.p50, to: &out)
    out.append(contentsOf: #","p90":"#.utf8)
    Decimal6.append(sessions.p90, to: &out)
    out.append(contentsOf: #","p99":"#.utf8)
    Decimal6.append(sessions.p99, to: &out)
    out.append(contentsOf: #","max":"#.utf8)
    Decimal6.append(sessions.max, to: &out)
    out.append(contentsOf: #","mean":"#.utf8)
    Decimal6.append(sessions.mean, to: &out)
    out.append(contentsOf: #"},"completed":"#.utf8)
    appendInt(sessions.completed, to: &out)
    out.append(contentsOf: #","completed_mean_seconds":"#.utf8)
    Decimal6.append(sessions.completedMean, to: &out)
    out.append(contentsOf: #"},"purchases":{"count":"#.utf8)
    appendInt(snapshot.purchases.count, to: &out)
    out.append(contentsOf: #","revenue":"#.utf8)
    Decimal6.append(snapshot.purchases.revenueMicros, to: &out)
    out.append(contentsOf: #"},"limits":{"#.utf8)
    for (i, structure) in snapshot.limits.structures.enumerated() {
      out.append(contentsOf: ((i > 0 ? "," : "") + #""\#(structure.name)":{"\#(structure.heldLabel)":"#).utf8)
      appendInt(structure.held, to: &out)
      out.append(contentsOf: #","\#(structure.gaveUpLabel)":"#.utf8)
      appendInt(structure.gaveUp, to: &out)
      if let level = structure.samplingLevel {
        out.append(contentsOf: #","sampling_level":"#.utf8)
        appendInt(level, to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
    out.append(contentsOf: "}}\n".utf8)
  }

  public static func append(_ alert: Alert, to out: inout [UInt8]) {
    out.append(contentsOf: #"{"type":"alert","kind":""#.utf8)
    out.append(contentsOf: alert.kind.rawValue.utf8)
    out.append(contentsOf: #"","time":""#.utf8)
    Timestamp.appendISO8601(alert.time, to: &out)
    out.append(contentsOf: #"","user_id":"#.utf8)
    appendString(alert.userID, to: &out)
    out.append(contentsOf: #","session_id":"#.utf8)
    if let session = alert.sessionID { appendString(session, to: &out) } else { out.append(contentsOf: "null".utf8) }
    if let amount = alert.amountMicros {
      out.append(contentsOf: #","amount":"#.utf8)
      Decimal6.append(amount, to: &out)
    }
    if let order = alert.orderID {
      out.append(contentsOf: #","order_id":"#.utf8)
      appendString(order, to: &out)
    }
    if let count = alert.count {
      out.append(contentsOf: #","count":"#.utf8)
      appendInt(count, to: &out)
    }
    out.append(contentsOf: "}\n".utf8)
  }

  public static func append(_ output: EngineOutput, to out: inout [UInt8]) {
    switch output {
    case .alert(let alert): append(alert, to: &out)
    case .snapshot(let snapshot): append(snapshot, to: &out)
    }
  }

  /// in_window / W in millionths of an event per second, rounded half up.
  static func perSecondMillionths(_ count: Int, window: Micros) -> Int128 {
    guard window > 0 else { return 0 }
    let numerator = Int128(count) * 1_000_000_000_000
    return (2 * numerator + Int128(window)) / (2 * Int128(window))
  }

  static func appendInt(_ value: Int, to out: inout [UInt8]) {
    Decimal6.append(Int128(value) * 1_000_000, to: &out)
  }

  /// A JSON string: quotes, backslashes and control characters escaped; other text as UTF-8.
  public static func appendString(_ text: String, to out: inout [UInt8]) {
    let hex: StaticString = "0123456789abcdef"
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
      case 0x0A: out.append(contentsOf: #"\n"#.utf8)
      case 0x0D: out.append(contentsOf: #"\r"#.utf8)
      case 0x09: out.append(contentsOf: #"\t"#.utf8)
      case 0..<0x20, 0x7F:
        out.append(contentsOf: #"\u00"#.utf8)
        out.append(hex.utf8Start[Int(byte >> 4)])
        out.append(hex.utf8Start[Int(byte & 0xF)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
