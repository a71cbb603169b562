import Analytics
import EventSources

/// `eventtop replay FILE --headless`: read as fast as possible, print alerts and snapshots as
/// JSON lines, finish with the final snapshot.
public enum HeadlessReplay {
  /// Runs to the end of the input. Returns false when the reader of the output went away.
  @discardableResult
  public static func run(
    reader: LineReader, configuration: EngineConfiguration, output: OutputFile,
    report: inout InvalidLineReport
  ) async throws(InputError) -> Bool {
    let engine = AggregationEngine(configuration: configuration)
    var decoder = LineDecoder(maxLineBytes: reader.maxLineBytes)
    var lineNumber = 1
    while let chunk = try reader.next() {
      switch chunk {
      case .lines(let bytes):
        var batch = EventBatch(reservingCapacity: bytes.count / 200)
        lineNumber += bytes.withUnsafeBytes {
          decoder.decodeLines($0, firstLineNumber: lineNumber, into: &batch)
        }
        report.note(batch)
        let outputs = await engine.ingest(batch)
        if !outputs.isEmpty {
          let open = output.append { out in
            for item in outputs { JSONOutput.append(item, to: &out) }
          }
          guard open else { return false }
        }
      case .overlongLine:
        report.note(InvalidLine(lineNumber: lineNumber, reason: .lineTooLong(reader.maxLineBytes)))
        await engine.countInvalid(1)
        lineNumber += 1
      }
    }
    if let final = await engine.finish() {
      output.append { JSONOutput.append(final, to: &$0) }
    }
    return output.flush()
  }
}
