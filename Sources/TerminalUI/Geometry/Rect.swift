/// A rectangle of terminal cells: origin at the top left, x grows right, y grows down.
public struct Rect: Sendable, Equatable, CustomStringConvertible {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public var isEmpty: Bool { width == 0 || height == 0 }
  public var maxX: Int { x + width }
  public var maxY: Int { y + height }
  public var description: String { "Rect(x: \(x), y: \(y), w: \(width), h: \(height))" }
}

extension Rect {
  /// The rectangle shrunk by `n` cells on every side.
  public func inset(_ n: Int) -> Rect {
    Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n)
  }

  public func inset(horizontal: Int, vertical: Int) -> Rect {
    Rect(x: x + horizontal, y: y + vertical, width: width - 2 * horizontal, height: height - 2 * vertical)
  }

  /// The top `n` rows and the rest.
  public func splitTop(_ n: Int) -> (Rect, Rect) {
    let top = min(max(n, 0), height)
    return (Rect(x: x, y: y, width: width, height: top), Rect(x: x, y: y + top, width: width, height: height - top))
  }

  /// The rest and the bottom `n` rows.
  public func splitBottom(_ n: Int) -> (Rect, Rect) {
    let bottom = min(max(n, 0), height)
    return (
      Rect(x: x, y: y, width: width, height: height - bottom),
      Rect(x: x, y: y + height - bottom, width: width, height: bottom)
    )
  }

  /// The left `n` columns and the rest.
  public func splitLeft(_ n: Int) -> (Rect, Rect) {
    let left = min(max(n, 0), width)
    return (Rect(x: x, y: y, width: left, height: height), Rect(x: x + left, y: y, width: width - left, height: height))
  }

  /// A centered rectangle of at most the given size.
  public func centered(width w: Int, height h: Int) -> Rect {
    let cw = min(w, width)
    let ch = min(h, height)
    return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
  }
}
