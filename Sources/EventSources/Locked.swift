#if canImport(Glibc)
  import Glibc
#endif

/// A value behind a POSIX mutex: `withLock` gives one thread at a time access to it.
///
/// Used instead of the standard library's `Mutex` because ThreadSanitizer sees pthread locks
/// (it intercepts them) but not the futex inside `Mutex`, and reported races that were none; with
/// this lock the whole program can be checked (`swift test --sanitize=thread`).
public final class Locked<Value: ~Copyable>: @unchecked Sendable {
  private var value: Value
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  public init(_ value: consuming Value) {
    self.value = value
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body(&value)
  }
}
