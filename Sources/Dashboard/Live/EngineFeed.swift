import Analytics
import Dispatch
import Synchronization

/// Hands batches from a source's thread to the engine without waiting for each: a single task
/// takes them in order, so decoding the next batch (on the source's thread) and aggregating this
/// one (on the engine) run on two cores at once, and what the engine emits comes out in input
/// order, exactly as a one-thread run would emit it. At most `depth` batches wait, which bounds
/// memory and makes a fast reader wait for a slow engine.
final class EngineFeed: Sendable {
  private enum Item: Sendable {
    case batch(EventBatch)
    case flush(DispatchSemaphore)
  }

  private let continuation: AsyncStream<Item>.Continuation
  private let room: DispatchSemaphore

  init(engine: AggregationEngine, depth: Int = 4, outputs: (@Sendable ([EngineOutput]) -> Void)?) {
    let (stream, continuation) = AsyncStream<Item>.makeStream()
    self.continuation = continuation
    let room = DispatchSemaphore(value: depth)
    self.room = room
    Task.detached {
      for await item in stream {
        switch item {
        case .batch(let batch):
          let emitted = await engine.ingest(batch)
          if !emitted.isEmpty { outputs?(emitted) }
          room.signal()
        case .flush(let done):
          done.signal()
        }
      }
    }
  }

  deinit { continuation.finish() }

  /// Queues a batch; waits only while `depth` batches are already queued.
  func submit(_ batch: EventBatch) {
    room.wait()
    continuation.yield(.batch(batch))
  }

  /// Waits until every batch submitted so far has been ingested and its output handed on.
  func drain() {
    let done = DispatchSemaphore(value: 0)
    continuation.yield(.flush(done))
    done.wait()
  }
}
