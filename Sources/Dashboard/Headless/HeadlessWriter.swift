import Analytics
import EventSources

#if canImport(Glibc)
  import Glibc
#endif

/// Where a headless run's alerts and snapshots go. Writers are called from the source's thread
/// (what the engine emits) and the main thread (periodic and final snapshots); after `finish`
/// they take nothing more, so the final snapshot is always the last thing written.
public protocol HeadlessWriter: Sendable {
  func write(_ outputs: [EngineOutput])
  /// Writes the final snapshot (if any) and closes. False when the reader had gone away.
  func finish(_ final: Snapshot?) -> Bool
  /// True once the reader of the output went away (a closed pipe).
  var readerGone: Bool { get }
}

/// JSON lines on standard output or into a file (see `JSONOutput`), written out after every
/// batch of outputs.
public final class JSONLinesWriter: HeadlessWriter {
  private struct State: ~Copyable {
    var file: OutputFile
    var closed = false
  }
  private let state: Locked<State>

  /// Standard output, or `path` (created or truncated) when given.
  public init(path: String?) throws(InputError) {
    var fd: Int32 = 1
    if let path {
      fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
      guard fd >= 0 else { throw InputError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
    }
    state = Locked(State(file: OutputFile(fileDescriptor: fd)))
  }

  public func write(_ outputs: [EngineOutput]) {
    state.withLock { state in
      guard !state.closed else { return }
      state.file.append { out in
        for output in outputs { JSONOutput.append(output, to: &out) }
      }
      // Out at once: a reader of a live stream (`| jq`) sees each snapshot and alert when it
      // happens, not when 64 KB have gathered. One write per batch costs nothing measurable.
      state.file.flush()
    }
  }

  public func finish(_ final: Snapshot?) -> Bool {
    state.withLock { state in
      guard !state.closed else { return !state.file.isClosedByReader }
      state.closed = true
      if let final { state.file.append { JSONOutput.append(final, to: &$0) } }
      return state.file.flush()
    }
  }

  public var readerGone: Bool { state.withLock { $0.file.isClosedByReader } }
}

/// The Prometheus text format for node_exporter's textfile collector: the latest snapshot, the
/// file replaced atomically (written beside it, then renamed) at every snapshot.
public final class PrometheusWriter: HeadlessWriter {
  private struct State {
    var alerts: [Alert.Kind: Int] = [:]
    var closed = false
    var failure: String?
  }
  public let path: String
  private let state = Locked(State())

  /// Checks that `path` can be written (by writing it once, empty of samples).
  public init(path: String) throws(InputError) {
    self.path = path
    if let problem = Self.replace(path, with: Array("# eventtop: no events yet\n".utf8)) {
      throw InputError(problem)
    }
  }

  public func write(_ outputs: [EngineOutput]) {
    state.withLock { state in
      guard !state.closed else { return }
      for output in outputs {
        switch output {
        case .alert(let alert): state.alerts[alert.kind, default: 0] += 1
        case .snapshot(let snapshot):
          state.failure = Self.replace(path, with: Self.exposition(snapshot, alerts: state.alerts))
        }
      }
    }
  }

  public func finish(_ final: Snapshot?) -> Bool {
    state.withLock { state in
      guard !state.closed else { return true }
      state.closed = true
      if let final { state.failure = Self.replace(path, with: Self.exposition(final, alerts: state.alerts)) }
      return true
    }
  }

  public var readerGone: Bool { false }

  /// The first problem writing the file, if any.
  public var failure: String? { state.withLock { $0.failure } }

  /// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a reader
  /// sees the old file or the new one, never half of one. Returns a problem, or nil.
  static func replace(_ path: String, with bytes: [UInt8]) -> String? {
    let temporary = path + ".\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return "cannot write '\(path)': \(String(cString: strerror(errno)))" }
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        close(fd)
        unlink(temporary)
        return "cannot write '\(path)': \(String(cString: strerror(errno)))"
      }
      offset += n
    }
    close(fd)
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      return "cannot replace '\(path)': \(String(cString: strerror(errno)))"
    }
    return nil
  }

  /// The exposition of one snapshot, with HELP and TYPE lines.
  public static func exposition(_ snapshot: Snapshot, alerts: [Alert.Kind: Int]) -> [UInt8] {
    var out: [UInt8] = []
    func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: [UInt8])]) {
      out.append(contentsOf: "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n".utf8)
      for sample in samples {
        out.append(contentsOf: name.utf8)
        if !sample.labels.isEmpty { out.append(contentsOf: "{\(sample.labels)}".utf8) }
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: sample.value)
        out.append(0x0A)
      }
    }
    func integer(_ value: Int) -> [UInt8] { Array(String(value).utf8) }
    func micros<T: BinaryInteger>(_ value: T) -> [UInt8] {
      var bytes: [UInt8] = []
      Decimal6.append(value, to: &bytes)
      return bytes
    }
    let events = snapshot.events
    let sessions = snapshot.sessions
    metric("eventtop_events_total", "counter", "Valid events read since the start.", [("", integer(events.total))])
    metric(
      "eventtop_events_invalid_total", "counter", "Lines rejected as invalid since the start.",
      [("", integer(events.invalid))])
    metric(
      "eventtop_events_late_total", "counter", "Events too late for any future window since the start.",
      [("", integer(events.late))])
    metric(
      "eventtop_events_future_total", "counter",
      "Events too far ahead of the stream's time, unconfirmed, since the start.", [("", integer(events.future))])
    metric(
      "eventtop_events_in_window", "gauge", "Events in the sliding window.", [("", integer(events.inWindow))])
    metric(
      "eventtop_events_per_second", "gauge", "Events in the window divided by its length in seconds.",
      [("", micros(JSONOutput.perSecondMillionths(events.inWindow, window: snapshot.window)))])
    metric("eventtop_window_seconds", "gauge", "Length of the sliding window.", [("", micros(snapshot.window))])
    metric(
      "eventtop_snapshot_time_seconds", "gauge", "Event time of this snapshot, Unix seconds.",
      [("", micros(snapshot.time))])
    metric(
      "eventtop_active_users", "gauge", "Distinct users in the window.", [("", integer(snapshot.activeUsers))])
    metric(
      "eventtop_page_views", "gauge", "Page views in the window of the most viewed pages.",
      snapshot.topPages.map { ("page=\"\(escapeLabel($0.page))\"", integer($0.views)) })
    metric(
      "eventtop_sessions_active", "gauge", "Sessions with an event in the window.", [("", integer(sessions.active))])
    metric(
      "eventtop_sessions_completed", "gauge", "Sessions that ended in the window.",
      [("", integer(sessions.completed))])
    metric(
      "eventtop_session_duration_seconds", "summary", "Length so far of the active sessions.",
      [
        ("quantile=\"0.5\"", micros(sessions.p50)), ("quantile=\"0.9\"", micros(sessions.p90)),
        ("quantile=\"0.99\"", micros(sessions.p99)),
      ])
    out.append(contentsOf: "eventtop_session_duration_seconds_sum ".utf8)
    out.append(contentsOf: micros(Int128(sessions.mean) * Int128(sessions.active)))
    out.append(contentsOf: "\neventtop_session_duration_seconds_count \(sessions.active)\n".utf8)
    metric(
      "eventtop_session_duration_max_seconds", "gauge", "Longest active session so far.", [("", micros(sessions.max))])
    metric(
      "eventtop_purchases_total", "counter", "Purchase events since the start.",
      [("", integer(snapshot.purchases.allTime))])
    metric(
      "eventtop_revenue_total", "counter", "Sum of purchase amounts since the start.",
      [("", micros(snapshot.purchases.allTimeRevenueMicros))])
    metric(
      "eventtop_purchases_in_window", "gauge", "Purchase events in the window.",
      [("", integer(snapshot.purchases.count))])
    metric(
      "eventtop_revenue_in_window", "gauge", "Sum of purchase amounts in the window.",
      [("", micros(snapshot.purchases.revenueMicros))])
    metric(
      "eventtop_alerts_total", "counter", "Alerts raised since the start, by kind.",
      [Alert.Kind.purchase, .highActivity].map { ("kind=\"\($0.rawValue)\"", integer(alerts[$0, default: 0])) })
    let structures = snapshot.limits.structures
    func label(_ structure: Snapshot.Limits.Structure) -> String { "structure=\"\(structure.name)\"" }
    metric(
      "eventtop_tracked", "gauge", "Entries held by each bounded structure (see README, Bounded memory).",
      structures.map { (label($0), integer($0.held)) })
    metric(
      "eventtop_evicted_total", "counter",
      "Entries each bounded structure gave up since the start (records: seconds compacted).",
      structures.map { (label($0), integer($0.gaveUp)) })
    metric(
      "eventtop_sampling_level", "gauge",
      "k when only ids whose hash has k top bits zero are kept (counts scaled by 2^k).",
      structures.compactMap { structure in structure.samplingLevel.map { (label(structure), integer($0)) } })
    return out
  }

  /// A label value as the text format requires: backslash, double quote and line feed escaped.
  public static func escapeLabel(_ value: String) -> String {
    var out = ""
    for character in value.unicodeScalars {
      switch character {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }
}
