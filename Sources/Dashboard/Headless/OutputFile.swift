#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffered writer to a file descriptor (standard output by default).
///
/// A reader that goes away (`eventtop … | head`) is not an error: `write` reports it by
/// returning false, and the caller ends quietly.
public final class OutputFile {
  private let fileDescriptor: Int32
  private var buffer: [UInt8] = []
  private let flushThreshold: Int
  public private(set) var isClosedByReader = false

  public init(fileDescriptor: Int32 = 1, flushThreshold: Int = 1 << 16) {
    self.fileDescriptor = fileDescriptor
    self.flushThreshold = flushThreshold
    buffer.reserveCapacity(flushThreshold * 2)
  }

  /// Appends with `body`, flushing when the buffer is large. False once the reader has gone.
  @discardableResult
  public func append(_ body: (inout [UInt8]) -> Void) -> Bool {
    body(&buffer)
    if buffer.count >= flushThreshold { return flush() }
    return !isClosedByReader
  }

  /// Writes everything buffered. False when the reader has gone (EPIPE).
  @discardableResult
  public func flush() -> Bool {
    var offset = 0
    while offset < buffer.count && !isClosedByReader {
      let n = buffer.withUnsafeBytes { write(fileDescriptor, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        isClosedByReader = true
        break
      }
      offset += n
    }
    buffer.removeAll(keepingCapacity: true)
    return !isClosedByReader
  }
}

/// One-line messages on standard error, prefixed with `eventtop: `.
public enum Diagnostics {
  public static func print(_ message: String) {
    var line = Array("eventtop: \(message)\n".utf8)
    line.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
  }
}
