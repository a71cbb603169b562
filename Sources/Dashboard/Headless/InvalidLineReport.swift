import Analytics

/// Reports rejected lines on standard error: the first ten with where and why, then a count.
public struct InvalidLineReport: Sendable {
  public static let shownLimit = 10
  /// How the input is named in messages (`events.jsonl`, `stdin`).
  public let source: String
  public private(set) var total = 0
  private var shown = 0
  private let printer: @Sendable (String) -> Void

  public init(source: String, printer: @escaping @Sendable (String) -> Void = Diagnostics.print) {
    self.source = source
    self.printer = printer
  }

  /// Notes a batch's rejected lines (its samples are the first of them, in order).
  public mutating func note(_ batch: EventBatch) {
    for sample in batch.invalidSamples where shown < Self.shownLimit {
      report(sample)
    }
    total += batch.invalidCount
  }

  /// Notes one rejected line outside of a batch.
  public mutating func note(_ line: InvalidLine) {
    if shown < Self.shownLimit { report(line) }
    total += 1
  }

  private mutating func report(_ line: InvalidLine) {
    shown += 1
    printer("\(source):\(line.lineNumber): skipped: \(line.reason)")
  }

  /// The closing count, when any line was rejected.
  public func finish() {
    guard total > 0 else { return }
    let more = total > shown ? " (first \(shown) shown)" : ""
    printer("\(source): \(total) invalid line\(total == 1 ? "" : "s") skipped\(more)")
  }
}
