/// How much of a split a part takes.
public enum Constraint: Sendable, Equatable {
  /// Exactly this many cells (less if there is not room).
  case length(Int)
  /// This percentage of the whole.
  case percentage(Int)
  /// At least this many cells, sharing what is left like `.fill(1)`.
  case min(Int)
  /// A share of what is left after lengths, percentages and minimums, by weight.
  case fill(Int)
}

/// Layout as a pure function from a rectangle to smaller rectangles.
public enum Layout {
  public enum Direction: Sendable { case vertical, horizontal }

  /// Splits `area` along `direction`; parts never overlap and never exceed the area.
  public static func split(_ area: Rect, _ direction: Direction, _ constraints: [Constraint]) -> [Rect] {
    let total = direction == .vertical ? area.height : area.width
    var sizes = [Int](repeating: 0, count: constraints.count)
    var remaining = total
    for (i, constraint) in constraints.enumerated() {
      switch constraint {
      case .length(let n): sizes[i] = Swift.min(Swift.max(n, 0), remaining)
      case .percentage(let p): sizes[i] = Swift.min(total * Swift.max(p, 0) / 100, remaining)
      case .min(let n): sizes[i] = Swift.min(Swift.max(n, 0), remaining)
      case .fill: sizes[i] = 0
      }
      remaining -= sizes[i]
    }
    let weights = constraints.map { constraint -> Int in
      switch constraint {
      case .fill(let w): return Swift.max(w, 0)
      case .min: return 1
      default: return 0
      }
    }
    let weightSum = weights.reduce(0, +)
    if weightSum > 0 && remaining > 0 {
      var handed = 0
      var lastWeighted = 0
      for (i, w) in weights.enumerated() where w > 0 {
        let share = remaining * w / weightSum
        sizes[i] += share
        handed += share
        lastWeighted = i
      }
      sizes[lastWeighted] += remaining - handed
    }
    var offset = direction == .vertical ? area.y : area.x
    return sizes.map { size in
      defer { offset += size }
      return direction == .vertical
        ? Rect(x: area.x, y: offset, width: area.width, height: size)
        : Rect(x: offset, y: area.y, width: size, height: area.height)
    }
  }
}
