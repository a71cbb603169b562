import Analytics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an input could not be read; the message is one line for stderr.
public struct InputError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }

  static func system(_ action: String, _ path: String) -> InputError {
    InputError("cannot \(action) '\(path)': \(String(cString: strerror(errno)))")
  }
}

/// What a `LineReader` hands on: whole lines, or the fact that one line was too long to keep.
public enum LineChunk: Sendable, Equatable {
  /// Complete lines, each ending with `\n` except possibly the last line of the input.
  case lines([UInt8])
  /// A line longer than the limit, dropped as it streamed past.
  case overlongLine
  /// Following a file: nothing new yet (the caller waits a little and asks again).
  case idle
}

/// Reads a file or standard input in large blocks and cuts them at line boundaries.
///
/// Memory stays bounded by one block plus `maxLineBytes`: an unfinished line that grows past the
/// limit is dropped as it streams past and reported as `.overlongLine`. (A long line that fits
/// in one block is passed on; the decoder rejects it by the same limit.)
public final class LineReader {
  public let path: String
  public private(set) var fileDescriptor: Int32
  /// Whether the end of a file is only where it has got to so far (`tail -F`).
  public let follows: Bool
  /// Times the followed file was found rotated (replaced) or truncated.
  public private(set) var reopenings = 0
  public let maxLineBytes: Int
  /// The file size when it is a regular file (for progress), else nil.
  public let size: Int?
  public private(set) var bytesRead = 0
  /// When set, reading a pipe or terminal waits at most this long for data, then reports `.idle`
  /// (so that a caller blocked on a quiet stream still notices it should stop); else a read
  /// blocks until data or the end arrives.
  public var idleAfter: Micros?
  private let blockSize: Int
  private let ownsDescriptor: Bool
  private var carry: [UInt8] = []
  private var skipping = false
  private var atEnd = false
  private var pending: [LineChunk] = []

  /// Opens `path` (`-` is standard input). Throws `InputError` for a missing file, a directory or
  /// an unreadable path. With `follow`, a regular file is read as `tail -F` does: at its end the
  /// reader reports `.idle` and looks again later, reopens the path when the file was rotated
  /// (replaced by a new one) and starts over when it was truncated; reading starts at the end
  /// unless `fromStart`. Standard input ends where it ends either way.
  public init(
    path: String, maxLineBytes: Int = 1 << 20, blockSize: Int = 1 << 22, follow: Bool = false,
    fromStart: Bool = true
  ) throws(InputError) {
    self.path = path
    self.maxLineBytes = maxLineBytes
    self.blockSize = blockSize
    if path == "-" {
      fileDescriptor = 0
      ownsDescriptor = false
    } else {
      let fd = open(path, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { throw InputError.system("open", path) }
      fileDescriptor = fd
      ownsDescriptor = true
    }
    var info = stat()
    guard fstat(fileDescriptor, &info) == 0 else {
      if ownsDescriptor { close(fileDescriptor) }
      throw InputError.system("read", path)
    }
    if info.st_mode & S_IFMT == S_IFDIR {
      if ownsDescriptor { close(fileDescriptor) }
      throw InputError("cannot read '\(path)': it is a directory")
    }
    size = info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : nil
    follows = follow && path != "-" && info.st_mode & S_IFMT == S_IFREG
    if follows && !fromStart {
      position = Int(lseek(fileDescriptor, 0, SEEK_END))
    }
  }

  /// Bytes of the current file read so far (where the next read starts).
  private var position = 0

  /// At the end of a followed file: starts over if it was truncated, switches to the new file if
  /// the path now names another one. Returns true when there is something new to read.
  private func checkFollowedFile() -> Bool {
    var current = stat()
    guard fstat(fileDescriptor, &current) == 0 else { return false }
    if Int(current.st_size) < position {
      lseek(fileDescriptor, 0, SEEK_SET)
      position = 0
      carry = []
      skipping = false
      reopenings += 1
      return true
    }
    var named = stat()
    guard stat(path, &named) == 0, named.st_ino != current.st_ino || named.st_dev != current.st_dev else {
      return false
    }
    // Rotated: the old file is read to its end (we are there), then the new one from its start.
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    // The old file's unfinished last line ends with it (never joined to the new file's first).
    pending += finish()
    close(fileDescriptor)
    fileDescriptor = fd
    position = 0
    reopenings += 1
    return true
  }

  deinit {
    if ownsDescriptor { close(fileDescriptor) }
  }

  /// The next chunk, or nil at the end of the input. Blocks until data arrives on a pipe.
  public func next() throws(InputError) -> LineChunk? {
    while true {
      if !pending.isEmpty { return pending.removeFirst() }
      if atEnd && follows {
        atEnd = false
        if !checkFollowedFile() { return .idle }
        continue
      }
      if atEnd {
        if skipping {
          skipping = false
          return .overlongLine
        }
        guard !carry.isEmpty else { return nil }
        defer { carry = [] }
        return .lines(carry)
      }
      if let idleAfter, size == nil, !Self.readable(fileDescriptor, within: idleAfter) { return .idle }
      try readBlock()
    }
  }

  /// Whether `fd` has data (or its end) to read within `timeout`.
  private static func readable(_ fd: Int32, within timeout: Micros) -> Bool {
    var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    let ready = poll(&request, 1, Int32(clamping: max(1, timeout / 1000)))
    // An interrupted wait is reported as idle: the caller asks again.
    return ready != 0 && !(ready < 0 && errno == EINTR)
  }

  /// The caller stops reading before the end (a followed file, which may still grow, or a stream
  /// cut short): the unfinished last line, if any, as the input's last line, so that a file that
  /// ends without a newline still yields its last event. Empty when nothing is pending. (Chunks
  /// `next()` had queued come first.)
  public func finish() -> [LineChunk] {
    var chunks = pending
    pending = []
    if skipping {
      skipping = false
      chunks.append(.overlongLine)
    } else if !carry.isEmpty {
      chunks.append(.lines(carry))
    }
    carry = []
    return chunks
  }

  private func readBlock() throws(InputError) {
    let carried = carry.count
    var failure: Int32 = 0
    var buffer = [UInt8](unsafeUninitializedCapacity: carried + blockSize) { bytes, initialized in
      if carried > 0 {
        _ = UnsafeMutableBufferPointer(rebasing: bytes[..<carried]).initialize(from: carry)
      }
      var n: Int
      repeat {
        n = read(fileDescriptor, bytes.baseAddress! + carried, blockSize)
      } while n < 0 && errno == EINTR
      if n < 0 { failure = errno }
      initialized = carried + max(n, 0)
    }
    guard failure == 0 else {
      errno = failure
      throw InputError.system("read", path)
    }
    let fresh = buffer.count - carried
    guard fresh > 0 else {
      atEnd = true
      return
    }
    bytesRead += fresh
    position += fresh
    carry = []
    var start = 0
    if skipping {
      guard let newline = buffer.firstIndex(of: 0x0A) else { return }
      skipping = false
      pending.append(.overlongLine)
      start = newline + 1
    }
    guard let lastNewline = buffer[start...].lastIndex(of: 0x0A) else {
      keepTail(buffer[start...])
      return
    }
    if start == 0 {
      keepTail(buffer[(lastNewline + 1)...])
      buffer.removeSubrange((lastNewline + 1)...)
      pending.append(.lines(buffer))
    } else {
      pending.append(.lines(Array(buffer[start...lastNewline])))
      keepTail(buffer[(lastNewline + 1)...])
    }
  }

  private func keepTail(_ tail: ArraySlice<UInt8>) {
    if tail.count > maxLineBytes + 1 {
      carry = []
      skipping = true
    } else {
      carry = Array(tail)
    }
  }
}
