import Analytics

/// Builds JSON lines for tests, in the seed's shape.
public enum Lines {
  public static func event(
    user: String, action: String = "page_view", time: Int64, session: String? = nil,
    page: String? = nil, amount: String? = nil, order: String? = nil
  ) -> String {
    var properties: [String] = []
    if let page { properties.append("\"page_url\":\(quote(page))") }
    if let amount { properties.append("\"amount\":\(amount)") }
    if let order { properties.append("\"order_id\":\(quote(order))") }
    var fields = [
      "\"user_id\":\(quote(user))", "\"action\":\(quote(action))",
      "\"properties\":{\(properties.joined(separator: ","))}",
      "\"timestamp\":\(quote(Timestamp.iso8601(time)))",
    ]
    if let session { fields.append("\"session_id\":\(quote(session))") }
    return "{" + fields.joined(separator: ",") + "}"
  }

  public static func line(_ event: ReferenceEvent) -> String {
    let amount: String? =
      event.action == "purchase" ? Decimal6.string(event.amountMicros) : nil
    return Self.event(
      user: event.user, action: event.action, time: event.time, session: event.session,
      page: event.page, amount: amount, order: event.orderID)
  }

  public static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default:
        if scalar.value < 0x20 {
          out += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// Decodes text (lines separated by newlines) into one batch.
  public static func batch(_ text: String, maxLineBytes: Int = LineDecoder.defaultMaxLineBytes) -> EventBatch {
    var decoder = LineDecoder(maxLineBytes: maxLineBytes)
    var batch = EventBatch()
    decoder.decodeLines(Array(text.utf8), firstLineNumber: 1, into: &batch)
    return batch
  }

  public static func batch(_ events: [ReferenceEvent]) -> EventBatch {
    batch(events.map(line).joined(separator: "\n"))
  }
}

extension [EngineOutput] {
  /// The snapshots among the outputs, in order.
  public var snapshots: [Snapshot] {
    compactMap { output in
      if case .snapshot(let snapshot) = output { snapshot } else { nil }
    }
  }
}
