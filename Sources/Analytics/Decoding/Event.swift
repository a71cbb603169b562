/// The kinds of action eventtop treats specially; every other action string is `.other`.
public enum ActionKind: UInt8, Sendable {
  case pageView = 0
  case addToCart = 1
  case purchase = 2
  case other = 3
}

/// A reference to text of an `EventBatch`: in its `source` (the bytes it was decoded from), or,
/// when `offset` has the `inText` bit, in its `text` (strings that had escapes, unescaped).
public struct TextRef: Sendable, Equatable {
  public var offset: UInt32
  public var length: UInt32
  public static let none = TextRef(offset: 0, length: 0)
  public static let inText: UInt32 = 1 << 31
  public var isEmpty: Bool { length == 0 }
}

/// One valid event, decoded into the compact form the engine needs (64 bytes).
///
/// Ids are carried as hashes of their bytes (see `ByteHash`); their text lives in the batch
/// (`TextRef`), so strings are made only for what is displayed (an alert, a page entering the
/// top list). What depends on the kind shares one slot: the page for page views, the action's
/// hash for other actions, the amount for purchases — and likewise their text.
public struct DecodedEvent: Sendable {
  /// Event time (`Micros`).
  public var time: Micros
  /// `ByteHash` of user_id.
  public var user: UInt64
  /// `ByteHash` of session_id, or of user_id in the session name space when there is none.
  public var sessionKey: UInt64
  private var detail: UInt64 = 0
  public var userText: TextRef
  public var sessionText: TextRef = .none
  fileprivate var detailText: TextRef = .none
  public var kind: ActionKind
  public var hasSession: Bool

  public init(time: Micros, user: UInt64, sessionKey: UInt64, kind: ActionKind, hasSession: Bool, userText: TextRef) {
    self.time = time
    self.user = user
    self.sessionKey = sessionKey
    self.kind = kind
    self.hasSession = hasSession
    self.userText = userText
  }

  /// `ByteHash` of the page (page views; 0 otherwise).
  public var page: UInt64 {
    get { kind == .pageView ? detail : 0 }
    set { detail = newValue }
  }

  /// `ByteHash` of the action string (actions of kind `.other`; 0 otherwise).
  public var actionHash: UInt64 {
    get { kind == .other ? detail : 0 }
    set { detail = newValue }
  }

  /// Purchase amount in millionths (purchases; 0 otherwise).
  public var amountMicros: Int64 {
    get { kind == .purchase ? Int64(bitPattern: detail) : 0 }
    set { detail = UInt64(bitPattern: newValue) }
  }

  /// The page's text (page views).
  public var pageText: TextRef {
    get { kind == .pageView ? detailText : .none }
    set { detailText = newValue }
  }

  /// The action's text (actions of kind `.other`).
  public var actionText: TextRef {
    get { kind == .other ? detailText : .none }
    set { detailText = newValue }
  }

  /// The order id's text (purchases, when they have one).
  public var orderText: TextRef {
    get { kind == .purchase ? detailText : .none }
    set { detailText = newValue }
  }
}

/// Why a line was not accepted as an event.
public enum InvalidReason: Error, Sendable, Equatable, CustomStringConvertible {
  case notJSON(String)
  case notAnObject
  case missingField(String)
  case wrongType(field: String, expected: String)
  case emptyField(String)
  case badTimestamp(String)
  case badAmount(String)
  case duplicateKey(String)
  case lineTooLong(Int)

  public var description: String {
    switch self {
    case .notJSON(let detail): return "not valid JSON: \(detail)"
    case .notAnObject: return "not a JSON object"
    case .missingField(let field): return "missing required field \"\(field)\""
    case .wrongType(let field, let expected): return "field \"\(field)\" must be \(expected)"
    case .emptyField(let field): return "field \"\(field)\" is empty"
    case .badTimestamp(let detail): return "unparseable timestamp: \(detail)"
    case .badAmount(let detail): return "purchase amount is not a number: \(detail)"
    case .duplicateKey(let key): return "duplicate key \"\(key)\""
    case .lineTooLong(let limit): return "line longer than \(limit) bytes"
    }
  }
}

/// An invalid line: where it was and why.
public struct InvalidLine: Sendable, Equatable {
  public var lineNumber: Int
  public var reason: InvalidReason
  public init(lineNumber: Int, reason: InvalidReason) {
    self.lineNumber = lineNumber
    self.reason = reason
  }
}

/// Events decoded from a run of whole lines, handed to the engine in one piece.
///
/// Invariant: every `TextRef` in `events` points inside `text`; events keep input order.
public struct EventBatch: Sendable {
  public var events: [DecodedEvent] = []
  /// The bytes the events were decoded from (shared with the reader, not copied).
  public var source: [UInt8] = []
  /// Unescaped copies of strings that had escapes in the source.
  public var text: [UInt8] = []
  /// Lines rejected in this batch.
  public var invalidCount: Int { invalidPositions.count }
  /// For each rejected line, the number of events before it in this batch, so that the engine
  /// counts it exactly where it was read, whatever the batch boundaries.
  public var invalidPositions: [Int32] = []
  /// The first rejected lines, at most `EventBatch.invalidSampleLimit` of them.
  public var invalidSamples: [InvalidLine] = []
  /// Lines read (valid, invalid and blank).
  public var lineCount = 0
  /// Bytes read, newlines included.
  public var byteCount = 0
  /// The valid lines as read, when the decoder keeps them (see `LineDecoder.keepsValidLines`).
  public var validLines: [UInt8] = []
  /// Where each event's line ends in `validLines` (one per event, in order, after its `\n`), when
  /// the decoder keeps the lines; empty otherwise.
  public var validLineEnds: [Int] = []
  /// How far `shiftTimes(by:)` moved the events on: their lines in `validLines` still carry the
  /// times as read (see `linesAsIngested`).
  public private(set) var timeShift: Micros = 0

  public static let invalidSampleLimit = 10

  public init() {}

  public init(reservingCapacity capacity: Int) {
    events.reserveCapacity(capacity)
  }

  /// The text a reference points at, as a `String` (cold path).
  public func string(_ ref: TextRef) -> String {
    let start = Int(ref.offset & ~TextRef.inText)
    let range = start..<start + Int(ref.length)
    return String(decoding: ref.offset & TextRef.inText != 0 ? text[range] : source[range], as: UTF8.self)
  }

  public mutating func recordInvalid(line: Int, reason: InvalidReason) {
    invalidPositions.append(Int32(events.count))
    if invalidSamples.count < Self.invalidSampleLimit {
      invalidSamples.append(InvalidLine(lineNumber: line, reason: reason))
    }
  }

  public mutating func removeAll(keepingCapacity: Bool = true) {
    events.removeAll(keepingCapacity: keepingCapacity)
    source = []
    text.removeAll(keepingCapacity: keepingCapacity)
    invalidSamples.removeAll(keepingCapacity: keepingCapacity)
    validLines.removeAll(keepingCapacity: keepingCapacity)
    validLineEnds.removeAll(keepingCapacity: keepingCapacity)
    timeShift = 0
    invalidPositions.removeAll(keepingCapacity: keepingCapacity)
    lineCount = 0
    byteCount = 0
  }
}

extension EventBatch {
  /// The events in `range`, sharing this batch's source and text (no copy of either), with the
  /// rejected lines that came before them (and, for the last part, those after the last event).
  /// Samples and counts of lines and bytes go with the part that starts the batch; each part
  /// keeps the valid lines of its own events.
  public func slice(_ range: Range<Int>) -> EventBatch {
    var part = EventBatch()
    part.events = Array(events[range])
    part.source = source
    part.text = text
    let low = Int32(range.lowerBound)
    let high = Int32(range.upperBound)
    let isLast = range.upperBound == events.count
    part.invalidPositions = invalidPositions.filter { $0 >= low && ($0 < high || isLast) }.map { $0 - low }
    if range.lowerBound == 0 {
      part.invalidSamples = invalidSamples
      part.lineCount = lineCount
      part.byteCount = byteCount
    }
    if !validLineEnds.isEmpty {
      let low = range.lowerBound == 0 ? 0 : validLineEnds[range.lowerBound - 1]
      let high = range.isEmpty ? low : validLineEnds[range.upperBound - 1]
      part.validLines = Array(validLines[low..<high])
      part.validLineEnds = validLineEnds[range].map { $0 - low }
    }
    part.timeShift = timeShift
    return part
  }
}

extension EventBatch {
  /// Moves every event `offset` later (a recording played again from its start).
  public mutating func shiftTimes(by offset: Micros) {
    guard offset != 0 else { return }
    for index in events.indices { events[index].time += offset }
    timeShift += offset
  }
}

extension EventBatch {
  /// Appends `event` of `batch` with its strings copied into this batch's text, so that it
  /// outlives `batch` (the engine keeps an event that waits for its time to be confirmed).
  public mutating func appendCopy(of event: DecodedEvent, from batch: borrowing EventBatch) {
    var copy = event
    func moved(_ ref: TextRef) -> TextRef {
      guard !ref.isEmpty else { return ref }
      let start = Int(ref.offset & ~TextRef.inText)
      let range = start..<start + Int(ref.length)
      let offset = UInt32(text.count) | TextRef.inText
      if ref.offset & TextRef.inText != 0 {
        text.append(contentsOf: batch.text[range])
      } else {
        text.append(contentsOf: batch.source[range])
      }
      return TextRef(offset: offset, length: ref.length)
    }
    copy.userText = moved(event.userText)
    copy.sessionText = moved(event.sessionText)
    copy.detailText = moved(event.detailText)
    events.append(copy)
  }
}
