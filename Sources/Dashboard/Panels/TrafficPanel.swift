import Analytics
import TerminalUI

/// Events per second over the last minutes as stacked columns, and the breakdown by action.
enum TrafficPanel {
  /// Mean events per second over the last five complete seconds.
  static func currentRate(_ frame: EngineFrame) -> Double {
    let complete = frame.timeline.dropLast().suffix(5)
    guard !complete.isEmpty else { return 0 }
    return Double(complete.reduce(0) { $0 + $1.values.reduce(0, +) }) / Double(complete.count)
  }

  static func draw(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    let frame = model.data.engine
    let perSecond = model.snapshot?.eventsPerSecond ?? 0
    let inner = Block(
      title: "Traffic",
      trailing:
        "\(Format.rate(currentRate(frame)))/s now · \(Format.rate(perSecond))/s over \(TimeSpan.format(model.data.window))"
    ).draw(into: &buffer, area: area, theme: theme)
    guard inner.width > 2, inner.height > 0 else { return }
    let actions = model.snapshot?.actions ?? []
    let total = max(1, actions.reduce(0) { $0 + $1.count })
    let maxRows = max(0, inner.height - 3)
    var legend = Legend(actions: actions, width: inner.width - 1)
    if legend.rows(for: actions.count) > maxRows {
      // Not every action fits: without the shares more columns may.
      let compact = Legend(actions: actions, width: inner.width - 1, share: false)
      if compact.columns > legend.columns { legend = compact }
    }
    let legendRows = min(legend.rows(for: actions.count), maxRows)
    let (chartArea, legendArea) = inner.splitBottom(legendRows)
    drawChart(model, into: &buffer, area: chartArea)
    let slots = legendRows * legend.columns
    // Still too many: the last slot says how many are not listed.
    let listed = actions.count > slots ? max(0, slots - 1) : actions.count
    for (i, action) in actions.prefix(listed).enumerated() {
      let column = i % legend.columns
      let x = legendArea.x + 1 + legend.offsets[column]
      let y = legendArea.y + i / legend.columns
      let limit = Rect(x: x, y: y, width: min(legend.widths[column], legendArea.maxX - x), height: 1)
      let color = theme.action(colorIndex(action.action, names: frame.actionNames))
      var cursor = x + buffer.write("■ ", x: x, y: y, style: theme.colored(color), limit: limit)
      cursor += buffer.write(
        Format.padRight(action.action, legend.nameWidths[column]), x: cursor, y: y, style: theme.text, limit: limit)
      let share = Double(action.count) * 100 / Double(total)
      let figures =
        " " + Format.padLeft(Format.grouped(action.count), legend.countWidths[column])
        + (legend.showsShare ? Format.padLeft(Format.fixed(share, 1) + "%", 7) : "")
      buffer.write(figures, x: cursor, y: y, style: theme.dim, limit: limit)
    }
    if listed < actions.count && slots > 0 {
      let x = legendArea.x + 1 + legend.offsets[listed % legend.columns]
      let y = legendArea.y + listed / legend.columns
      buffer.write("+\(actions.count - listed) more", x: x, y: y, style: theme.dim, limit: legendArea)
    }
  }

  /// The legend's columns (actions go left to right, then down), each sized from what it holds:
  /// its longest action name, its largest count (never cut) and the share. As many columns as
  /// fit side by side; when even one does not fit, the share goes first, then names are cut.
  struct Legend {
    static let gap = 2
    var columns = 1
    var nameWidths: [Int] = [4]
    var countWidths: [Int] = [1]
    var widths: [Int] = [0]
    var offsets: [Int] = [0]
    var showsShare = true

    /// Rows that `count` actions take.
    func rows(for count: Int) -> Int { (count + columns - 1) / columns }

    init(actions: [ActionCount], width: Int, share: Bool = true) {
      let names = actions.map { DisplayWidth.width(of: $0.action) }
      let counts = actions.map { Format.grouped($0.count).count }
      func sized(_ columns: Int, share: Bool) -> (names: [Int], counts: [Int], widths: [Int]) {
        var nameWidths = [Int](repeating: 4, count: columns)
        var countWidths = [Int](repeating: 1, count: columns)
        for i in actions.indices {
          nameWidths[i % columns] = max(nameWidths[i % columns], names[i])
          countWidths[i % columns] = max(countWidths[i % columns], counts[i])
        }
        let shareWidth = share ? 7 : 0
        let widths = (0..<columns).map { (column: Int) -> Int in
          2 + nameWidths[column] + 1 + countWidths[column] + shareWidth
        }
        return (nameWidths, countWidths, widths)
      }
      showsShare = share
      var chosen = sized(1, share: share)
      for columns in stride(from: max(1, actions.count), through: 1, by: -1) {
        let candidate = sized(columns, share: share)
        if candidate.widths.reduce(0, +) + Self.gap * (columns - 1) <= width {
          chosen = candidate
          self.columns = columns
          break
        }
      }
      if chosen.widths[0] > width {
        showsShare = false
        chosen = sized(1, share: false)
        let room = width - (chosen.widths[0] - chosen.names[0])
        chosen.names[0] = max(4, min(chosen.names[0], room))
        chosen.widths[0] = 2 + chosen.names[0] + 1 + chosen.counts[0]
      }
      nameWidths = chosen.names
      countWidths = chosen.counts
      widths = chosen.widths
      offsets = widths.indices.map { column in widths.prefix(column).reduce(0, +) + Self.gap * column }
    }
  }

  /// The color slot of an action: its engine id, so a color stays with its action.
  static func colorIndex(_ name: String, names: [String]) -> Int {
    names.firstIndex(of: name) ?? names.count
  }

  private static func drawChart(_ model: DashboardModel, into buffer: inout Buffer, area: Rect) {
    let theme = model.theme
    let frame = model.data.engine
    guard area.height > 0, area.width > 8 else { return }
    if area.height < 3 {
      // Too short for axes: columns of events per second filling the rows there are.
      let totals = frame.timeline.dropLast().map { Double($0.values.reduce(0, +)) }
      let label = "ev/s "
      let x = area.x + buffer.write(label, x: area.x, y: area.maxY - 1, style: theme.dim, limit: area)
      ColumnChart.draw(
        totals, into: &buffer, area: Rect(x: x, y: area.y, width: area.maxX - x, height: area.height),
        style: theme.colored(theme.chart))
      return
    }
    let gutter = 7
    let plot = Rect(x: area.x + gutter, y: area.y, width: area.width - gutter - 1, height: area.height - 1)
    let seconds = Array(frame.timeline.dropLast().suffix(max(0, plot.width)))
    let totals = seconds.map { $0.values.reduce(0, +) }
    let top = max(1, totals.max() ?? 1)
    buffer.write(
      Format.padLeft(Format.compact(Double(top)), gutter - 2) + " ┤", x: area.x, y: plot.y, style: theme.dim,
      limit: area)
    if plot.height > 1 {
      buffer.write(Format.padLeft("0", gutter - 2) + " ┤", x: area.x, y: plot.maxY - 1, style: theme.dim, limit: area)
    }
    // Stacked columns: each cell takes the color of the action that fills the middle of it.
    let x0 = plot.maxX - seconds.count
    for (i, counts) in seconds.enumerated() where totals[i] > 0 {
      let eighths = max(1, Int((Double(totals[i]) / Double(top) * Double(plot.height * 8)).rounded()))
      var bounds: [(upper: Double, id: Int)] = []
      var cumulative = 0
      for (id, count) in counts.values.enumerated() where count > 0 {
        cumulative += count
        bounds.append((Double(cumulative) / Double(totals[i]) * Double(eighths), id))
      }
      var row = 0
      while row * 8 < eighths && row < plot.height {
        let fill = min(8, eighths - row * 8)
        let middle = Double(row * 8) + Double(fill) / 2
        let id = bounds.first { $0.upper >= middle }?.id ?? 0
        let name = id < frame.actionNames.count ? frame.actionNames[id] : "other"
        let color = theme.action(colorIndex(name, names: frame.actionNames))
        buffer.write(
          String(["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"][fill - 1]), x: x0 + i, y: plot.maxY - 1 - row,
          style: theme.colored(color), limit: plot)
        row += 1
      }
    }
    // The time axis: minutes back from now.
    let axisY = area.maxY - 1
    buffer.write(String(repeating: "─", count: plot.width), x: plot.x, y: axisY, style: theme.dim, limit: area)
    var offset = 60
    while offset < plot.width {
      let label = "-\(offset / 60)m"
      buffer.write(label, x: plot.maxX - offset - 1, y: axisY, style: theme.dim, limit: area)
      offset += plot.width > 200 ? 120 : 60
    }
    buffer.write("now", x: plot.maxX - 2, y: axisY, style: theme.dim, limit: area)
  }
}
