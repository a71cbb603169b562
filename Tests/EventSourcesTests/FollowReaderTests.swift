import Foundation
import Testing

@testable import EventSources

@Suite struct FollowReaderTests {
  /// Reads chunks until the reader is idle; returns the lines seen.
  private func drain(_ reader: LineReader) throws -> [String] {
    var lines: [String] = []
    while let chunk = try reader.next() {
      switch chunk {
      case .lines(let bytes):
        lines += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
      case .overlongLine: lines.append("<overlong>")
      case .idle: return lines
      }
    }
    Issue.record("a followed file never ends")
    return lines
  }

  private func write(_ text: String, to path: String, append: Bool = true) {
    if append, let handle = FileHandle(forWritingAtPath: path) {
      handle.seekToEndOfFile()
      handle.write(Data(text.utf8))
      handle.closeFile()
    } else {
      _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
  }

  @Test func followsGrowthTruncationAndRotation() throws {
    let directory = NSTemporaryDirectory() + "follow-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/app.log"
    write("old 1\nold 2\n", to: path, append: false)
    let reader = try LineReader(path: path, follow: true, fromStart: false)
    #expect(try drain(reader).isEmpty, "starts at the end")
    write("a\nb", to: path)
    #expect(try drain(reader) == ["a"], "an unfinished line waits for its newline")
    write("c\n", to: path)
    #expect(try drain(reader) == ["bc"])
    write("x\n", to: path, append: false)  // truncated and rewritten
    #expect(try drain(reader) == ["x"])
    try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
    write("late in old\n", to: path + ".1")
    write("new 1\nnew 2\n", to: path, append: false)
    // The old file is read to its end first, then the new one from its start.
    #expect(try drain(reader) == ["late in old", "new 1", "new 2"])
    #expect(reader.reopenings == 2)
    let fromStart = try LineReader(path: path, follow: true, fromStart: true)
    #expect(try drain(fromStart) == ["new 1", "new 2"])
  }

  @Test func finishingHandsOverTheUnfinishedLastLine() throws {
    let path = NSTemporaryDirectory() + "follow-\(UUID().uuidString).log"
    defer { try? FileManager.default.removeItem(atPath: path) }
    write("a\nb", to: path, append: false)
    let reader = try LineReader(path: path, follow: true, fromStart: true)
    #expect(try drain(reader) == ["a"], "the unfinished line waits while the file may grow")
    #expect(reader.finish() == [.lines(Array("b".utf8))])
    #expect(reader.finish().isEmpty, "handed over once")
    let whole = try LineReader(path: path, follow: true, fromStart: true)
    write("\n", to: path)
    #expect(try drain(whole) == ["a", "b"])
    #expect(whole.finish().isEmpty, "nothing pending")
  }

  @Test func aQuietPipeReportsIdleWhenAskedTo() throws {
    let pipe = Pipe()
    let reader = try LineReader(path: "/proc/self/fd/\(pipe.fileHandleForReading.fileDescriptor)")
    reader.idleAfter = 20_000
    #expect(try reader.next() == .idle)
    pipe.fileHandleForWriting.write(Data("x\ny".utf8))
    #expect(try reader.next() == .lines(Array("x\n".utf8)))
    #expect(try reader.next() == .idle)
    #expect(reader.finish() == [.lines(Array("y".utf8))])
    try pipe.fileHandleForWriting.close()
    #expect(try reader.next() == nil)
  }

  @Test func aRotatedFilesUnfinishedLastLineEndsWithIt() throws {
    let directory = NSTemporaryDirectory() + "follow-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/app.log"
    write("a\nlast", to: path, append: false)
    let reader = try LineReader(path: path, follow: true, fromStart: true)
    #expect(try drain(reader) == ["a"])
    try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
    write("new\n", to: path, append: false)
    #expect(try drain(reader) == ["last", "new"])
  }
}
