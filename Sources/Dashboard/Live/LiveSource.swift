import Analytics
import EventSources

/// A source of events: it runs on its own thread, feeds the engine in batches, and answers the
/// loop's questions and requests.
public protocol LiveSource: AnyObject, Sendable {
  /// Starts feeding `connection.engine` on a background thread.
  func start(_ connection: SourceConnection)
  /// Asks the thread to stop (it finishes its current batch).
  func stop()
  /// Waits until the thread has stopped, at most `timeout`; false if it has not.
  func waitUntilStopped(timeout: Micros) -> Bool
  /// What the status bar shows; `clock` is the time snapshots are taken at.
  var status: SourceStatus { get }
  func setPaused(_ paused: Bool)
  /// Multiplies the replay speed (ignored by live sources).
  func scaleSpeed(_ factor: Double)
}

extension SourceStatus {
  /// Whether the source will send nothing more (a recording played out, a stream that ended, or
  /// a read error).
  public var isOver: Bool {
    switch state {
    case .finished, .ended, .failed: return true
    case .live, .paused, .replaying: return false
    }
  }
}

/// The state of a source that its thread reads to know when to stop.
protocol StoppableState: Sendable {
  var stopped: Bool { get set }
}

/// A source whose work runs on a `SourceThread` of its own until `stopped` is set in its shared
/// state: starting, stopping and waiting are the same for all of them.
protocol ThreadedSource: LiveSource {
  associatedtype State: StoppableState
  var shared: SharedState<State> { get }
  var thread: SourceThread { get }
  /// The thread's work.
  func run(_ connection: SourceConnection)
}

extension ThreadedSource {
  public func start(_ connection: SourceConnection) {
    thread.start { [self] in run(connection) }
  }

  public func stop() {
    shared.update { $0.stopped = true }
  }

  public func waitUntilStopped(timeout: Micros) -> Bool {
    thread.wait(timeout: timeout)
  }
}

/// State shared between a source's thread and the loop, behind one lock.
final class SharedState<State: Sendable>: Sendable {
  private let mutex: Locked<State>
  init(_ initial: State) { mutex = Locked(initial) }
  func read() -> State { mutex.withLock { $0 } }
  func update<R>(_ body: (inout State) -> R) -> R { mutex.withLock { body(&$0) } }
}
