import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The quit signal received, set from the signal handler (an atomic store is async-signal-safe).
private let pendingQuitSignal = Atomic<Int32>(0)

/// SIGINT, SIGTERM and SIGHUP in headless modes: the run finishes its output, prints a final
/// snapshot and exits 0 instead of dying mid-line.
public enum QuitSignals {
  public static func install() {
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { received in pendingQuitSignal.store(received, ordering: .relaxed) }
      sigemptyset(&action.sa_mask)
      sigaction(signalNumber, &action, nil)
    }
  }

  /// The signal received since the last call, if any.
  public static func take() -> Int32? {
    let received = pendingQuitSignal.exchange(0, ordering: .relaxed)
    return received == 0 ? nil : received
  }
}
