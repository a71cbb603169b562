extension EventBatch {
  /// The valid lines of this batch's events as the engine sees them, for a recording that plays
  /// back to the same numbers: the lines as read when the times were not shifted (byte for
  /// byte), else each line with its top-level `timestamp` value replaced by its event's shifted
  /// time in ISO 8601 (UTC, microseconds when not whole seconds), the rest of the line as read.
  public var linesAsIngested: [UInt8] {
    guard timeShift != 0, !validLineEnds.isEmpty else { return validLines }
    var out: [UInt8] = []
    out.reserveCapacity(validLines.count + validLineEnds.count * 8)
    validLines.withUnsafeBufferPointer { lines in
      var start = 0
      for (index, end) in validLineEnds.enumerated() {
        // The line without its `\n`.
        let line = UnsafeBufferPointer(rebasing: lines[start..<end - 1])
        if let value = Self.timestampValue(in: line) {
          out.append(contentsOf: line[..<value.lowerBound])
          out.append(0x22)
          Timestamp.appendISO8601(events[index].time, to: &out)
          out.append(0x22)
          out.append(contentsOf: line[value.upperBound...])
        } else {
          // Not reached for a line the decoder accepted (it has a timestamp); kept as read.
          out.append(contentsOf: line)
        }
        out.append(0x0A)
        start = end
      }
    }
    return out
  }

  /// Where the value of the top-level `timestamp` key lies in `line` (a JSON object), as the
  /// decoder finds it: keys compared after unescaping, nested objects skipped.
  static func timestampValue(in line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
    guard let base = line.baseAddress else { return nil }
    var scanner = JSONScanner(start: base, end: base + line.count)
    var containers: [Bool] = []
    var key: [UInt8] = []
    // A byte order mark is not content (the decoder skips it too).
    if line.count >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF { scanner.p += 3 }
    do {
      guard scanner.peek() == 0x7B else { return nil }
      scanner.p += 1
      while scanner.peek() == 0x22 {
        let span = try scanner.scanString()
        try scanner.expect(0x3A)
        guard scanner.peek() != nil else { return nil }
        let valueStart = scanner.p - base
        try scanner.skipValue(&containers)
        key.removeAll(keepingCapacity: true)
        JSONScanner.appendUnescaped(span, to: &key)
        if key.elementsEqual("timestamp".utf8) { return valueStart..<scanner.p - base }
        guard scanner.peek() == 0x2C else { return nil }
        scanner.p += 1
      }
    } catch {
      return nil
    }
    return nil
  }
}
