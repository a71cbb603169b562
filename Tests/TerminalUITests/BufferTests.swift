import Testing

@testable import TerminalUI

@Suite struct BufferTests {
  @Test func writesAndClips() {
    var buffer = Buffer(width: 8, height: 2)
    let written = buffer.write("hello world", x: 2, y: 0, style: .plain)
    #expect(written == 6)
    #expect(buffer.lines == ["  hello", ""])
    buffer.write("abc", x: -1, y: 1, style: .plain)
    #expect(buffer.lines == ["  hello", "bc"])
    #expect(buffer.write("x", x: 0, y: 5, style: .plain) == 0)
    buffer.write("limited", x: 0, y: 1, style: .plain, limit: Rect(x: 0, y: 1, width: 3, height: 1))
    #expect(buffer.lines[1] == "lim")
  }

  @Test func measuresWideCharactersSoColumnsStayAligned() {
    var buffer = Buffer(width: 10, height: 3)
    buffer.write("日本語|", x: 0, y: 0, style: .plain)
    buffer.write("😀a|", x: 0, y: 1, style: .plain)
    buffer.write("abcdef|", x: 0, y: 2, style: .plain)
    #expect(buffer.lines == ["日本語|", "😀a|", "abcdef|"])
    // Each bar sits in the column its display width says.
    #expect(buffer[6, 0].text == "|")
    #expect(buffer[3, 1].text == "|")
    #expect(buffer[1, 0].isContinuation)
  }

  /// A flag is one grapheme of two regional indicators; ncurses holds one spacing character a
  /// cell and wcwidth counts each indicator as a column, so each gets a cell of its own.
  @Test func flagsAreTwoCellsOfOneRegionalIndicatorEach() {
    var buffer = Buffer(width: 12, height: 1)
    let written = buffer.write("/f🇯🇵🇺🇸|", x: 0, y: 0, style: .plain)
    #expect(written == 7)
    #expect(buffer[2, 0].text == "\u{1F1EF}" && buffer[3, 0].text == "\u{1F1F5}")
    #expect((2..<6).allSatisfy { buffer[$0, 0].width == 1 })
    #expect(buffer[6, 0].text == "|")
    #expect(DisplayWidth.width(of: "🇯🇵") == 2)
  }

  @Test func wideCharacterAtTheEdgeBecomesABlank() {
    var buffer = Buffer(width: 5, height: 1)
    buffer.write("ab日本", x: 0, y: 0, style: .plain)
    #expect(buffer.lines == ["ab日"])
    var edge = Buffer(width: 4, height: 1)
    edge.write("abc日", x: 0, y: 0, style: .plain)
    #expect(edge.row(0) == "abc ")
  }

  @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() {
    var buffer = Buffer(width: 6, height: 1)
    buffer.write("日本", x: 0, y: 0, style: .plain)
    buffer.write("x", x: 1, y: 0, style: .plain)
    #expect(buffer.row(0) == " x本  ")
    buffer.write("y", x: 2, y: 0, style: .plain)
    #expect(buffer.row(0) == " xy   ")
    #expect(!buffer.cells.contains { $0.isContinuation })
  }

  @Test func combiningMarksStayWithTheirBase() {
    var buffer = Buffer(width: 6, height: 1)
    buffer.write("e\u{301}a\u{308}|", x: 0, y: 0, style: .plain)
    #expect(buffer[0, 0].text == "e\u{301}")
    #expect(buffer[2, 0].text == "|")
  }

  /// Strings built to take over a terminal: none of their control bytes reach a cell.
  @Test(arguments: [
    "\u{1B}[2J\u{1B}[H", "\u{1B}]0;pwned\u{7}", "\u{1B}]52;c;ZXZpbA==\u{7}", "a\u{8}\u{8}b", "line\rover",
    "\u{9B}31m", "\u{202E}evil\u{202C}", "zero\u{200B}width\u{200D}joiner\u{FEFF}", "tab\there", "\u{0}nul",
    "\u{7F}del", "\u{2028}sep\u{2029}", "\u{301}lone", "\u{1B}P+q\u{1B}\\",
  ])
  func hostileTextNeverReachesTheTerminal(_ text: String) {
    var buffer = Buffer(width: 40, height: 1)
    buffer.write(text, x: 0, y: 0, style: .plain)
    for cell in buffer.cells {
      for scalar in cell.text.unicodeScalars {
        #expect(!SafeText.isUnsafe(scalar), "cell holds U+\(String(scalar.value, radix: 16))")
      }
    }
    let shown = buffer.row(0)
    if text.contains("\u{1B}") { #expect(shown.contains("^[")) }
    if text.contains("\u{7}") { #expect(shown.contains("^G")) }
  }

  @Test func sanitizeShowsReplacementsVisibly() {
    #expect(SafeText.sanitize("a\u{1B}[31mb") == "a^[[31mb")
    #expect(SafeText.sanitize("bell\u{7}") == "bell^G")
    #expect(SafeText.sanitize("\u{202E}x") == "\u{FFFD}x")
    #expect(SafeText.sanitize("\u{9B}") == "\u{FFFD}")
    #expect(SafeText.sanitize("del\u{7F}") == "del^?")
    #expect(SafeText.sanitize("\u{301}x") == "\u{25CC}\u{301}x")
    #expect(SafeText.sanitize("café 日本 😀") == "café 日本 😀")
    #expect(SafeText.truncate("/products/shoes", width: 8) == "/produc…")
    #expect(SafeText.truncate("日本語テキスト", width: 5) == "日本…")
    #expect(SafeText.truncate("short", width: 8) == "short")
  }

  @Test(
    arguments: [
      ("a", 1), ("日", 2), ("😀", 2), ("é", 1), ("e\u{301}", 1), ("\u{301}", 0), ("한", 2), ("Ａ", 2), ("☃", 1),
      ("❤\u{FE0F}", 2), ("🇫🇷", 2), ("…", 1),
    ] as [(String, Int)])
  func measuresDisplayWidth(_ text: String, _ width: Int) {
    #expect(DisplayWidth.width(of: text) == width)
  }

  /// Applying the diff to the old screen gives the new one, whatever changed.
  @Test func diffReproducesTheNewBuffer() {
    var generator = SystemRandomNumberGenerator()
    let pieces = ["a", "bc", "日本", "😀", " ", "xyz", "é"]
    var old = Buffer(width: 30, height: 6)
    for _ in 0..<200 {
      var new = old
      for _ in 0..<Int.random(in: 0...6, using: &generator) {
        new.write(
          pieces.randomElement(using: &generator)!, x: Int.random(in: 0..<30, using: &generator),
          y: Int.random(in: 0..<6, using: &generator),
          style: Style(foreground: Color(rgb: UInt32.random(in: 0...3, using: &generator))))
      }
      var screen = old
      for change in new.changes(from: old) {
        for (i, cell) in change.cells.enumerated() { screen[change.x + i, change.y] = cell }
      }
      #expect(screen == new)
      old = new
    }
    #expect(old.changes(from: old).isEmpty)
    #expect(old.changes(from: nil).reduce(0) { $0 + $1.cells.count } == 180)
  }

  @Test func fillAndStyle() {
    var buffer = Buffer(width: 4, height: 2)
    buffer.fill(Rect(x: 1, y: 0, width: 10, height: 10), style: Style(attributes: .bold))
    #expect(buffer[0, 0].style == .plain)
    #expect(buffer[3, 1].style.attributes == .bold)
    buffer.setStyle(buffer.area) { $0.adding(.underline) }
    #expect(buffer[0, 0].style.attributes == .underline)
  }
}
