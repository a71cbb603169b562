import Analytics
import Foundation
import Testing

@testable import EventSources

@Suite struct LineReaderTests {
  private func temporaryFile(_ bytes: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "eventtop-reader-\(UUID().uuidString)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  private func chunks(_ bytes: [UInt8], maxLine: Int, block: Int) throws -> [LineChunk] {
    let path = try temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let reader = try LineReader(path: path, maxLineBytes: maxLine, blockSize: block)
    var result: [LineChunk] = []
    while let chunk = try reader.next() { result.append(chunk) }
    return result
  }

  /// Whatever the block size, the chunks hold exactly the input's lines, in order, with overlong
  /// lines replaced by a marker and nothing else lost.
  @Test(arguments: [1, 2, 3, 7, 16, 64, 4096])
  func cutsAtLineBoundaries(block: Int) throws {
    var lines: [String] = []
    for i in 0..<200 {
      lines.append(
        i % 17 == 5 ? String(repeating: "L", count: 40 + i) : "line \(i) " + String(repeating: "x", count: i % 13))
    }
    let text = lines.joined(separator: "\n")  // no newline at the end
    let result = try chunks(Array(text.utf8), maxLine: 40, block: block)
    var seen: [String] = []
    for chunk in result {
      switch chunk {
      case .lines(let bytes):
        var parts = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
          String.init)
        if parts.last == "" { parts.removeLast() }
        seen += parts
      case .overlongLine:
        seen.append("<overlong>")
      case .idle:
        Issue.record("a file read to its end is never idle")
      }
    }
    // Lines over the limit that fit in a block come through and are left to the decoder; those
    // that outgrow a block's carry are replaced. Either way each line appears exactly once.
    #expect(seen.count == lines.count)
    for (got, want) in zip(seen, lines) {
      #expect(got == want || (got == "<overlong>" && want.utf8.count > 40))
    }
  }

  @Test func reportsMissingFilesAndDirectories() {
    #expect(throws: InputError.self) { try LineReader(path: "/nonexistent/events.jsonl") }
    do {
      _ = try LineReader(path: NSTemporaryDirectory())
      Issue.record("a directory was accepted")
    } catch {
      #expect(error.description.contains("is a directory"))
    }
  }

  @Test func emptyInputHasNoChunks() throws {
    #expect(try chunks([], maxLine: 100, block: 16).isEmpty)
    let reader = try LineReader(path: "/dev/null")
    #expect(try reader.next() == nil)
  }
}
