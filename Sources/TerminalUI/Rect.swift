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
