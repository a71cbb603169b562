/// How many terminal columns text takes, the way terminals count them (wcwidth).
///
/// Wide (2 columns): East Asian Wide and Fullwidth characters and emoji with emoji presentation
/// (regional indicators, which wcwidth counts as one column each, excepted).
/// Zero: combining and enclosing marks, variation selectors. Everything else printable: 1.
/// Control and format characters never reach a cell (see `SafeText`), so they are not measured.
public enum DisplayWidth {
  /// East Asian Wide and Fullwidth ranges (Unicode 15 EastAsianWidth.txt, W and F, outside emoji).
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
    0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
    0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
    0x1F250...0x1F251, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]

  public static func width(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x300 { return 1 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark: return 0
    default: break
    }
    if value >= 0x1160 && value <= 0x11FF { return 0 }  // Hangul medial vowels and final consonants
    if isRegionalIndicator(scalar) { return 1 }  // as wcwidth says; a pair is drawn as two cells
    if scalar.properties.isEmojiPresentation { return 2 }
    for range in wideRanges where range.contains(value) { return 2 }
    return 1
  }

  /// The width of a grapheme: its first scalar's width, at least one column when it has a base,
  /// two when a variation selector asks for emoji presentation.
  public static func width(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if isRegionalIndicator(first) { return scalars.count }
    let base = width(of: first)
    if base == 1 && scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
    return base
  }

  /// Regional indicators (flags are pairs of them). ncurses cannot hold two spacing characters in
  /// one cell and wcwidth counts each as one column, so each is drawn in a cell of its own; a
  /// terminal that draws the pair as a flag shows it there.
  public static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
    (0x1F1E6...0x1F1FF).contains(scalar.value)
  }

  public static func width(of text: String) -> Int {
    text.reduce(0) { $0 + width(of: $1) }
  }
}
