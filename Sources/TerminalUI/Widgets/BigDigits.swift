/// Numbers three rows tall, drawn with block characters.
public enum BigDigits {
  private static let glyphs: [Character: [String]] = [
    "0": ["█▀█", "█ █", "▀▀▀"], "1": ["▀█ ", " █ ", "▀▀▀"], "2": ["▀▀█", "█▀▀", "▀▀▀"],
    "3": ["▀▀█", " ▀█", "▀▀▀"], "4": ["█ █", "▀▀█", "  ▀"], "5": ["█▀▀", "▀▀█", "▀▀▀"],
    "6": ["█▀▀", "█▀█", "▀▀▀"], "7": ["▀▀█", "  █", "  ▀"], "8": ["█▀█", "█▀█", "▀▀▀"],
    "9": ["█▀█", "▀▀█", "▀▀▀"], ",": ["   ", "   ", " ▄ "], ".": ["   ", "   ", " ▀ "],
    "k": ["█  ", "█▄▀", "▀ ▀"], "M": ["█▄█", "█ █", "▀ ▀"],
  ]

  public static let height = 3

  /// Columns `text` takes (each glyph is 3 wide, with one space between glyphs).
  public static func width(of text: String) -> Int {
    text.isEmpty ? 0 : text.count * 4 - 1
  }

  public static func canDraw(_ text: String) -> Bool {
    text.allSatisfy { glyphs[$0] != nil }
  }

  /// Draws `text` with its top-left corner at (x, y), clipped to `limit`.
  public static func draw(_ text: String, x: Int, y: Int, into buffer: inout Buffer, style: Style, limit: Rect) {
    for row in 0..<height {
      var line = ""
      for (i, character) in text.enumerated() {
        if i > 0 { line += " " }
        line += glyphs[character]?[row] ?? "   "
      }
      buffer.write(line, x: x, y: y + row, style: style, limit: limit)
    }
  }
}
