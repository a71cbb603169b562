extension Buffer {
  /// A run of changed cells on one row, to be written left to right.
  public struct Change: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
  }

  /// What must be written to turn a screen showing `previous` into this buffer: every cell when
  /// the size differs, else runs of changed cells. Continuation cells are never written alone; a
  /// changed continuation pulls in its wide character.
  public func changes(from previous: Buffer?) -> [Change] {
    let full = previous == nil || previous!.width != width || previous!.height != height
    var changes: [Change] = []
    for y in 0..<height {
      var x = 0
      while x < width {
        let index = y * width + x
        guard full || cells[index] != previous!.cells[index] else {
          x += 1
          continue
        }
        var start = x
        if cells[index].isContinuation && start > 0 { start -= 1 }
        var end = x + 1
        while end < width && (full || cells[y * width + end] != previous!.cells[y * width + end]) { end += 1 }
        if end < width && cells[y * width + end].isContinuation { end += 1 }
        let run = Array(cells[(y * width + start)..<(y * width + end)])
        if let last = changes.last, last.y == y, last.x + last.cells.count == start {
          changes[changes.count - 1].cells += run
        } else {
          changes.append(Change(x: start, y: y, cells: run))
        }
        x = end
      }
    }
    return changes
  }
}
