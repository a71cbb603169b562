import Analytics
import Dispatch
import EventSources

/// A second decoding thread: a source's thread gives it the second half of a block and decodes
/// the first half itself, so that decoding runs on both cores while the engine works.
final class HelperDecoder: Sendable {
  private struct Job: Sendable {
    var bytes: [UInt8]
    var range: Range<Int>
  }

  private let job = Locked<Job?>(nil)
  private let result = Locked<(EventBatch, Int)?>(nil)
  private let ready = DispatchSemaphore(value: 0)
  private let done = DispatchSemaphore(value: 0)
  private let stopped = Locked(false)

  init(maxLineBytes: Int, keepsValidLines: Bool) {
    BackgroundThread.start { [self] in
      var decoder = LineDecoder(maxLineBytes: maxLineBytes)
      decoder.keepsValidLines = keepsValidLines
      while true {
        ready.wait()
        if stopped.withLock({ $0 }) { return }
        guard let work = job.withLock({ $0.take() }) else { continue }
        var batch = EventBatch(reservingCapacity: work.range.count / 200)
        let lines = decoder.decodeLines(work.bytes, range: work.range, firstLineNumber: 1, into: &batch)
        result.withLock { $0 = (batch, lines) }
        done.signal()
      }
    }
  }

  deinit {
    stopped.withLock { $0 = true }
    ready.signal()
  }

  /// Starts decoding `bytes[range]` (numbering its lines from 1).
  func start(_ bytes: [UInt8], range: Range<Int>) {
    job.withLock { $0 = Job(bytes: bytes, range: range) }
    ready.signal()
  }

  /// Waits for the batch and its line count.
  func finish() -> (EventBatch, Int) {
    done.wait()
    return result.withLock { $0.take()! }
  }
}
