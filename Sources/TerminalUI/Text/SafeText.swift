/// Makes text from events safe to show: nothing in it can move the cursor, change colors, set
/// the window title, ring the bell or reorder text.
///
/// C0 controls and DEL are shown in caret notation (`ESC` as `^[`, `BEL` as `^G`, `DEL` as `^?`);
/// C1 controls, bidirectional controls, zero-width and other invisible format characters, and line
/// or paragraph separators become `�`. A combining mark with nothing to combine with is put on a
/// dotted circle (`◌`). Printable text, wide characters and emoji pass unchanged.
public enum SafeText {
  public static func sanitize(_ text: String) -> String {
    guard needsWork(text) else { return text }
    var out = String.UnicodeScalarView()
    var previousIsBase = false
    for scalar in text.unicodeScalars {
      let value = scalar.value
      if value < 0x20 {
        out.append("^")
        out.append(Unicode.Scalar(UInt8(value + 0x40)))
        previousIsBase = true
      } else if value == 0x7F {
        out.append("^")
        out.append("?")
        previousIsBase = true
      } else if isInvisible(scalar) {
        out.append("\u{FFFD}")
        previousIsBase = true
      } else if DisplayWidth.width(of: scalar) == 0 && !previousIsBase {
        out.append("\u{25CC}")
        out.append(scalar)
        previousIsBase = true
      } else {
        out.append(scalar)
        previousIsBase = true
      }
    }
    return String(out)
  }

  /// True for scalars that must not be written to a terminal as they are.
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || scalar.value == 0x7F || isInvisible(scalar)
  }

  private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value >= 0x80 && value <= 0x9F { return true }
    if value < 0xA0 { return false }
    switch scalar.properties.generalCategory {
    case .format, .lineSeparator, .paragraphSeparator, .control, .surrogate: return true
    default: break
    }
    // Blank code points that some terminals render as nothing: Hangul fillers, braille blank is fine.
    return value == 0x115F || value == 0x1160 || value == 0x3164 || value == 0xFFA0
  }

  private static func needsWork(_ text: String) -> Bool {
    for byte in text.utf8 where byte < 0x20 || byte >= 0x7F { return !isPlainPrintable(text) }
    return false
  }

  private static func isPlainPrintable(_ text: String) -> Bool {
    var previousIsBase = false
    for scalar in text.unicodeScalars {
      if isUnsafe(scalar) { return false }
      if DisplayWidth.width(of: scalar) == 0 && !previousIsBase { return false }
      previousIsBase = true
    }
    return true
  }

  /// `text` cut to at most `width` columns, ending in `…` when something was cut.
  public static func truncate(_ text: String, width: Int) -> String {
    guard width > 0 else { return "" }
    if DisplayWidth.width(of: text) <= width { return text }
    var out = ""
    var used = 0
    for character in text {
      let w = DisplayWidth.width(of: character)
      if used + w > width - 1 { break }
      out.append(character)
      used += w
    }
    return out + "…"
  }
}
