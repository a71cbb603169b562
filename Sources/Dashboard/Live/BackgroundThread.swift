import Analytics
import Dispatch
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
  /// Signalled when the work returns, and again by every waiter that saw it, so it stays open.
  private let finished = DispatchSemaphore(value: 0)

  func start(_ body: @escaping @Sendable () -> Void) {
    BackgroundThread.start { [finished] in
      body()
      finished.signal()
    }
  }

  /// Waits until the thread's work returned, at most `timeout` (waking as soon as it does). False
  /// when it is still running (a read blocked on a pipe, say).
  func wait(timeout: Micros) -> Bool {
    guard finished.wait(timeout: .now() + .microseconds(Int(max(0, timeout)))) == .success else { return false }
    finished.signal()
    return true
  }
}
