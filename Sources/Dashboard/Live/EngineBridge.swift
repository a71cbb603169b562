import Analytics
import Dispatch

/// Lets plain threads (the terminal loop, blocking readers) call the engine actor: each call
/// runs as a task and the thread waits for it. The threads are never Swift concurrency's own, so
/// waiting on them cannot starve the cooperative pool.
public final class EngineBridge: Sendable {
  public let engine: AggregationEngine

  public init(engine: AggregationEngine) {
    self.engine = engine
  }

  /// Runs `operation` on the engine and waits for its result.
  public func wait<T: Sendable>(_ operation: @escaping @Sendable (AggregationEngine) async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let engine = self.engine
    Task.detached {
      box.value = await operation(engine)
      done.signal()
    }
    done.wait()
    return box.value!
  }
}

/// Carries a result from a task to the thread waiting for it.
/// `@unchecked Sendable` is sound here: the task writes `value` once before signalling the
/// semaphore, and the waiting thread reads it only after the wait returns, so the semaphore
/// orders the write before the read and no two threads ever touch it at once.
private final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}
