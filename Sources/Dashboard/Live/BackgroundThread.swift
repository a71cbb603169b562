import Analytics
import EventSources

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a closure on a new detached POSIX thread (for blocking reads and paced loops, which must
/// not sit on Swift concurrency's small cooperative pool).
enum BackgroundThread {
  static func start(_ body: @escaping @Sendable () -> Void) {
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
      &thread, nil,
      { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
      }, context)
    if result == 0 {
      pthread_detach(thread)
    } else {
      Unmanaged<Box>.fromOpaque(context).release()
      body()
    }
  }

  private final class Box: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
}

/// A source's thread, with a way to wait until it has finished.
final class SourceThread: Sendable {
  private let finished = SharedState(false)

  func start(_ body: @escaping @Sendable () -> Void) {
    BackgroundThread.start { [finished] in
      body()
      finished.update { $0 = true }
    }
  }

  /// Waits until the thread's work returned, at most `timeout`. False when it is still running
  /// (a read blocked on a pipe, say).
  func wait(timeout: Micros) -> Bool {
    let deadline = SystemClock.monotonic() + timeout
    while !finished.read() {
      if SystemClock.monotonic() >= deadline { return false }
      SystemClock.sleep(micros: 2_000)
    }
    return true
  }
}
