#if canImport(Glibc)
  import Glibc
#endif

/// Writes the valid events a run reads to a file, as JSON lines, so that `eventtop replay FILE`
/// plays the run back. Each batch is written as it is read (one write(2) per batch), so the file
/// is never more than a batch behind — well under a second at any rate — and complete on exit.
public final class Recorder: Sendable {
  public let path: String
  private let descriptor: Locked<Int32>

  /// Creates or truncates `path`. Throws `InputError` when it cannot be written.
  public init(path: String) throws(InputError) {
    self.path = path
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw InputError.system("write", path) }
    descriptor = Locked(fd)
  }

  deinit { close() }

  /// Appends `bytes` (whole lines).
  public func write(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    descriptor.withLock { fd in
      guard fd >= 0 else { return }
      var offset = 0
      while offset < bytes.count {
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        if n < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += n
      }
    }
  }

  public func close() {
    descriptor.withLock { fd in
      if fd >= 0 { _ = Glibc.close(fd) }
      fd = -1
    }
  }
}
