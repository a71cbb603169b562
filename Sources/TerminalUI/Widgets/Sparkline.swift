/// A one-row chart: each value a block from `▁` to `█`, zero as a blank.
public enum Sparkline {
  static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// The text of a sparkline of `values` scaled to `maximum` (default: the largest value).
  public static func text(_ values: [Double], maximum: Double? = nil) -> String {
    let top = maximum ?? values.max() ?? 0
    return String(
      values.map { value -> Character in
        guard top > 0, value > 0 else { return " " }
        let level = Int((value / top * 8).rounded(.up)) - 1
        return levels[min(max(level, 0), 7)]
      })
  }

  /// Draws the last `area.width` values, right-aligned, on the area's first row.
  public static func draw(_ values: [Double], into buffer: inout Buffer, area: Rect, style: Style) {
    guard area.width > 0, area.height > 0 else { return }
    let shown = Array(values.suffix(area.width))
    let text = self.text(shown)
    buffer.write(text, x: area.maxX - shown.count, y: area.y, style: style, limit: area)
  }
}

/// A bar chart of columns growing up from the bottom of an area, eight steps per cell.
public enum ColumnChart {
  /// Draws one column per value (the last `area.width` values, right-aligned), scaled to
  /// `maximum` (default: the largest value).
  public static func draw(
    _ values: [Double], maximum: Double? = nil, into buffer: inout Buffer, area: Rect, style: Style
  ) {
    guard area.width > 0, area.height > 0 else { return }
    let shown = Array(values.suffix(area.width))
    let top = maximum ?? shown.max() ?? 0
    guard top > 0 else { return }
    let x0 = area.maxX - shown.count
    for (i, value) in shown.enumerated() where value > 0 {
      var eighths = Int((value / top * Double(area.height * 8)).rounded())
      eighths = max(1, min(eighths, area.height * 8))
      var y = area.maxY - 1
      while eighths > 0 && y >= area.y {
        let step = min(eighths, 8)
        buffer.write(String(Sparkline.levels[step - 1]), x: x0 + i, y: y, style: style, limit: area)
        eighths -= step
        y -= 1
      }
    }
  }
}

/// A horizontal bar of `fraction` of `width` columns, in eighths of a cell.
public enum HorizontalBar {
  static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  public static func text(fraction: Double, width: Int) -> String {
    guard width > 0, fraction > 0 else { return "" }
    let eighths = max(1, Int((min(fraction, 1) * Double(width * 8)).rounded()))
    var text = String(repeating: "█", count: eighths / 8)
    if eighths % 8 > 0 { text.append(partials[eighths % 8 - 1]) }
    return text
  }
}
