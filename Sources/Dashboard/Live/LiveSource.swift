import Analytics
import Synchronization

/// A source of events for the dashboard: it runs on its own thread, feeds the engine in batches,
/// and answers the loop's questions and requests.
public protocol LiveSource: AnyObject, Sendable {
  /// Starts feeding `engine` on a background thread.
  func start(engine: EngineBridge)
  /// Asks the thread to stop (it finishes its current batch).
  func stop()
  /// What the status bar shows; `clock` is the time the dashboard's snapshot is taken at.
  var status: SourceStatus { get }
  func setPaused(_ paused: Bool)
  /// Multiplies the replay speed (ignored by live sources).
  func scaleSpeed(_ factor: Double)
}

/// State shared between a source's thread and the loop, behind one lock.
final class SharedState<State: Sendable>: Sendable {
  private let mutex: Mutex<State>
  init(_ initial: State) { mutex = Mutex(initial) }
  func read() -> State { mutex.withLock { $0 } }
  func update<R>(_ body: (inout State) -> R) -> R { mutex.withLock { body(&$0) } }
}
