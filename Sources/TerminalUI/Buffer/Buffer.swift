/// One terminal cell: a grapheme and its style.
///
/// Invariant: `text` never holds a control or format character (see `SafeText`). A wide grapheme
/// occupies its cell and the next one, which holds the empty continuation marker (width 0).
public struct Cell: Sendable, Equatable {
  public var text: Character
  public var width: UInt8
  public var style: Style

  public init(_ text: Character = " ", width: UInt8 = 1, style: Style = .plain) {
    self.text = text
    self.width = width
    self.style = style
  }

  public var isContinuation: Bool { width == 0 }
  static func continuation(_ style: Style) -> Cell { Cell(" ", width: 0, style: style) }
}

/// A grid of cells that widgets draw into; a backend copies it to the terminal.
///
/// Drawing is clipped to the buffer (and to the rectangle a widget was given), so no widget can
/// write outside its area or crash at any size.
public struct Buffer: Sendable, Equatable, CustomStringConvertible {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int, style: Style = .plain) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = [Cell](repeating: Cell(style: style), count: self.width * self.height)
  }

  public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  /// Fills `rect` with blanks in `style`.
  public mutating func fill(_ rect: Rect, style: Style) {
    let clipped = clip(rect)
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX { self[x, y] = Cell(style: style) }
    }
  }

  /// Sets the style of every cell in `rect`, keeping the text.
  public mutating func setStyle(_ rect: Rect, _ transform: (Style) -> Style) {
    let clipped = clip(rect)
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX { self[x, y].style = transform(self[x, y].style) }
    }
  }

  /// Writes `text` from (x, y), clipped to `limit` (default: the whole buffer). Unsafe characters
  /// are replaced (see `SafeText`); a wide character that does not fit is replaced by a blank.
  /// Returns the number of columns written.
  @discardableResult
  public mutating func write(_ text: String, x: Int, y: Int, style: Style, limit: Rect? = nil) -> Int {
    let bounds = clip(limit ?? area)
    guard y >= bounds.y && y < bounds.maxY else { return 0 }
    var column = x
    for grapheme in SafeText.sanitize(text) {
      // A flag (two regional indicators) is one grapheme but two cells; see DisplayWidth.
      let split = DisplayWidth.isRegionalIndicator(grapheme.unicodeScalars.first!) && grapheme.unicodeScalars.count > 1
      for character in split ? grapheme.unicodeScalars.map(Character.init) : [grapheme] {
        if !put(character, at: &column, y: y, bounds: bounds, style: style) { return max(0, column - x) }
      }
    }
    return max(0, column - x)
  }

  /// Writes one character at `column` within `bounds` and moves past it; false once the row is full.
  private mutating func put(_ character: Character, at column: inout Int, y: Int, bounds: Rect, style: Style) -> Bool {
    let w = DisplayWidth.width(of: character)
    if w == 0 { return true }
    if column >= bounds.maxX { return false }
    if column < bounds.x {
      column += w
      return true
    }
    if w == 2 && column + 1 >= bounds.maxX {
      set(column, y, Cell(" ", width: 1, style: style))
      column += 1
      return false
    }
    set(column, y, Cell(character, width: UInt8(w), style: style))
    if w == 2 { set(column + 1, y, .continuation(style)) }
    column += w
    return true
  }

  /// Places a cell, repairing wide characters it would cut in half.
  private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
    let old = self[x, y]
    if old.isContinuation && x > 0 && self[x - 1, y].width == 2 {
      self[x - 1, y] = Cell(" ", style: self[x - 1, y].style)
    }
    if old.width == 2 && x + 1 < width && cell.width != 2 {
      self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
    }
    self[x, y] = cell
  }

  /// Copies another buffer in at (x, y), clipped.
  public mutating func blit(_ other: Buffer, x: Int, y: Int) {
    for row in 0..<other.height where y + row >= 0 && y + row < height {
      for column in 0..<other.width where x + column >= 0 && x + column < width {
        self[x + column, y + row] = other[column, row]
      }
    }
  }

  public func clip(_ rect: Rect) -> Rect {
    let x0 = max(rect.x, 0)
    let y0 = max(rect.y, 0)
    let x1 = min(rect.maxX, width)
    let y1 = min(rect.maxY, height)
    return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
  }

  /// The text of row `y` (wide characters once, continuation cells skipped).
  public func row(_ y: Int) -> String {
    var text = ""
    for x in 0..<width where !self[x, y].isContinuation { text.append(self[x, y].text) }
    return text
  }

  /// All rows, one per line: what a test compares and what a failure prints.
  public var description: String {
    (0..<height).map(row).joined(separator: "\n")
  }

  /// The rows with trailing blanks removed.
  public var lines: [String] {
    (0..<height).map { y in
      var text = row(y)
      while text.last == " " { text.removeLast() }
      return text
    }
  }
}
