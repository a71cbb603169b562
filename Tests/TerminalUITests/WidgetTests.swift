import Testing

@testable import TerminalUI

@Suite struct WidgetTests {
  @Test func sparklineLevels() {
    #expect(Sparkline.text([0, 1, 2, 3, 4, 5, 6, 7, 8]) == " ▁▂▃▄▅▆▇█")
    #expect(Sparkline.text([1, 1, 1]) == "███")
    #expect(Sparkline.text([]) == "")
    #expect(Sparkline.text([0, 0]) == "  ")
    #expect(Sparkline.text([5, 10], maximum: 20) == "▂▄")
  }

  @Test func sparklineDrawsTheLatestValuesRightAligned() {
    var buffer = Buffer(width: 6, height: 1)
    Sparkline.draw([8, 8, 8, 0, 4, 8, 2], into: &buffer, area: Rect(x: 1, y: 0, width: 4, height: 1), style: .plain)
    #expect(buffer.row(0) == "  ▄█▂ ")
  }

  @Test func columnChartGrowsFromTheBottomInEighths() {
    var buffer = Buffer(width: 4, height: 3)
    ColumnChart.draw([24, 12, 3, 0], into: &buffer, area: buffer.area, style: .plain)
    #expect(buffer.description == "█   \n█▄  \n██▃ ")
    var tiny = Buffer(width: 0, height: 0)
    ColumnChart.draw([1, 2], into: &tiny, area: tiny.area, style: .plain)
  }

  @Test func horizontalBars() {
    #expect(HorizontalBar.text(fraction: 1, width: 4) == "████")
    #expect(HorizontalBar.text(fraction: 0.5, width: 3) == "█▌")
    #expect(HorizontalBar.text(fraction: 0, width: 3) == "")
    #expect(HorizontalBar.text(fraction: 0.001, width: 3) == "▏")
    #expect(HorizontalBar.text(fraction: 2, width: 2) == "██")
  }

  @Test func bigDigits() {
    var buffer = Buffer(width: 12, height: 3)
    BigDigits.draw("120", x: 0, y: 0, into: &buffer, style: .plain, limit: buffer.area)
    #expect(buffer.lines == ["▀█  ▀▀█ █▀█", " █  █▀▀ █ █", "▀▀▀ ▀▀▀ ▀▀▀"])
    #expect(BigDigits.width(of: "1,234") == 19)
    #expect(BigDigits.canDraw("1,234"))
    #expect(!BigDigits.canDraw("12a"))
  }

  @Test func blockDrawsBorderTitleAndReturnsInside() {
    var buffer = Buffer(width: 16, height: 4)
    let inner = Block(title: "Pages", trailing: "9").draw(into: &buffer, area: buffer.area, theme: .standard)
    #expect(inner == Rect(x: 1, y: 1, width: 14, height: 2))
    #expect(buffer.lines == ["╭ Pages ─── 9 ─╮", "│              │", "│              │", "╰──────────────╯"])
    var small = Buffer(width: 1, height: 1)
    #expect(Block(title: "x").draw(into: &small, area: small.area, theme: .standard).isEmpty)
  }

  @Test func layoutSplitsWithoutOverlapOrOverflow() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<500 {
      let area = Rect(
        x: 3, y: 2, width: Int.random(in: 0...200, using: &generator), height: Int.random(in: 0...80, using: &generator)
      )
      let constraints: [Constraint] = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return .length(Int.random(in: 0...50, using: &generator))
        case 1: return .percentage(Int.random(in: 0...100, using: &generator))
        case 2: return .min(Int.random(in: 0...20, using: &generator))
        default: return .fill(Int.random(in: 1...3, using: &generator))
        }
      }
      let parts = Layout.split(area, .vertical, constraints)
      #expect(parts.count == constraints.count)
      var y = area.y
      for part in parts {
        #expect(part.y == y && part.x == area.x && part.width == area.width && part.height >= 0)
        y += part.height
      }
      #expect(y <= area.maxY)
      if constraints.contains(where: { if case .fill = $0 { return true } else { return false } }) {
        #expect(y == area.maxY || parts.allSatisfy { $0.height >= 0 })
      }
    }
    let halves = Layout.split(Rect(x: 0, y: 0, width: 11, height: 1), .horizontal, [.percentage(50), .fill(1)])
    #expect(halves.map(\.width) == [5, 6])
  }

  @Test func formats() {
    #expect(Format.grouped(0) == "0")
    #expect(Format.grouped(1_234_567) == "1,234,567")
    #expect(Format.grouped(-1000) == "-1,000")
    #expect(Format.compact(999) == "999")
    #expect(Format.compact(12_345) == "12.3k")
    #expect(Format.compact(4_560_000) == "4.56M")
    #expect(Format.compact(2.5) == "2.50")
    #expect(Format.rate(50) == "50.0")
    #expect(Format.rate(999.9) == "999.9")
    #expect(Format.rate(999.96) == "1.00k")
    #expect(Format.rate(5_576.0) == "5.58k")
    #expect(Format.rate(103_412) == "103k")
    #expect(Format.rate(22_374.8) == "22.4k")
    #expect(Format.rate(1_133_505.6) == "1.13M")
    #expect(Format.duration(micros: 400_000) == "0.4s")
    #expect(Format.duration(micros: 12_000_000) == "12s")
    #expect(Format.duration(micros: 185_000_000) == "3m05s")
    #expect(Format.duration(micros: 3_720_000_000) == "1h02m")
    #expect(Format.money(millionths: 12_345_604_999) == "12,345.60")
    #expect(Format.money(millionths: 5_000) == "0.01")
    #expect(Format.fixed(2.345, 2) == "2.35")
    #expect(Format.padLeft("7", 3) == "  7")
    #expect(Format.padRight("日本", 5) == "日本 ")
  }
}
