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
