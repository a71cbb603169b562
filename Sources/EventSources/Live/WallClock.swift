import Analytics

#if canImport(Glibc)
  import Glibc
#endif

/// Where live modes get the time: the system clock, or a clock a test moves by hand.
public protocol WallClock: Sendable {
  /// Now, as `Micros` since the epoch.
  func now() -> Micros
}

/// The system's real-time clock.
public struct SystemClock: WallClock {
  public init() {}

  public func now() -> Micros {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Micros(spec.tv_sec) * 1_000_000 + Micros(spec.tv_nsec / 1000)
  }

  /// A monotonic reading in microseconds, for pacing.
  public static func monotonic() -> Micros {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Micros(spec.tv_sec) * 1_000_000 + Micros(spec.tv_nsec / 1000)
  }

  /// Sleeps the calling thread.
  public static func sleep(micros: Micros) {
    guard micros > 0 else { return }
    var request = timespec(tv_sec: Int(micros / 1_000_000), tv_nsec: Int(micros % 1_000_000) * 1000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
  }
}
