import Testing

@testable import TerminalUI

@Suite struct ThemeTests {
  static let themesDirectory: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/") + "/themes"
  }()

  @Test func fileTextRoundTrips() {
    let (parsed, warnings) = Theme.parse(Theme.standard.fileText, name: "default")
    #expect(warnings.isEmpty)
    #expect(parsed == Theme.standard)
  }

  @Test func missingKeysFallBackAndUnknownKeysWarn() {
    let text = """
      # a partial theme
      accent = #ff0000
      background=#000
      sparkle = #123456
      title = red
      no equals sign here

      action_2 = #00ff00 # trailing comment
      """
    let (theme, warnings) = Theme.parse(text, name: "partial")
    #expect(theme.accent == Color(0xFF, 0, 0))
    #expect(theme.background == Color(0, 0, 0))
    #expect(theme.actions[1] == Color(0, 0xFF, 0))
    #expect(theme.title == Theme.standard.title)
    #expect(theme.foreground == Theme.standard.foreground)
    #expect(warnings.count == 3)
    #expect(warnings.contains { $0.contains("unknown key 'sparkle'") && $0.contains("line 4") })
    #expect(warnings.contains { $0.contains("'red' is not a color") })
  }

  @Test(arguments: ["default", "light", "solarized", "high-contrast"])
  func shippedThemesParseCleanlyAndSetEveryKey(_ name: String) throws {
    let path = Self.themesDirectory + "/\(name).theme"
    let text = try #require(readText(path), "missing \(path)")
    let (theme, warnings) = Theme.parse(text, name: name)
    #expect(warnings.isEmpty, "\(warnings)")
    for key in Theme.keyNames {
      #expect(text.contains("\n\(key) = "), "\(name) does not set \(key)")
    }
    #expect(theme.name == name)
  }

  @Test func colors() {
    #expect(Color(parsing: "#0a0B0c") == Color(0x0A, 0x0B, 0x0C))
    #expect(Color(parsing: "#abc") == Color(0xAA, 0xBB, 0xCC))
    #expect(Color(parsing: "default") == .terminalDefault)
    #expect(Color(parsing: "#12345") == nil)
    #expect(Color(parsing: "blue") == nil)
    #expect(Color(0x12, 0x34, 0x56).description == "#123456")
  }

  @Test func monochromeDropsEveryColor() {
    let mono = Theme.standard.monochrome
    #expect(mono.accent == .terminalDefault)
    #expect(mono.actions.allSatisfy { $0 == .terminalDefault })
  }
}

func readText(_ path: String) -> String? {
  guard let file = fopen(path, "r") else { return nil }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 4096)
  while true {
    let n = fread(&chunk, 1, chunk.count, file)
    if n <= 0 { break }
    bytes += chunk[..<n]
  }
  return String(decoding: bytes, as: UTF8.self)
}

#if canImport(Glibc)
  import Glibc
#endif
