import CNcursesw
import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

/// Why the dashboard could not take the terminal.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

/// The real terminal: ncursesw in full-screen mode, keys from /dev/tty (so standard input can be
/// a pipe of events), colors mapped to what the terminal has.
///
/// The terminal is restored by `close()`, which the dashboard calls on every way out; signal
/// handlers installed here restore it on SIGINT/SIGTERM/SIGHUP (by asking the loop to quit) and
/// on crashes (directly, with async-signal-safe calls only).
public final class CursesTerminal: TerminalDevice {
  public enum ColorMode: Sendable { case none, basic, palette256 }

  private var screen: OpaquePointer?
  private var keyboard: UnsafeMutablePointer<FILE>?
  private var previous: Buffer?
  private var pairs: [UInt64: Int16] = [:]
  public private(set) var colorMode = ColorMode.none
  private var closed = false

  /// Takes the terminal. `useColor` false (NO_COLOR) keeps it monochrome.
  public init(useColor: Bool) throws {
    guard isatty(1) != 0 else {
      throw TerminalError(description: "the dashboard needs a terminal on standard output; use --headless")
    }
    _ = et_use_utf8_locale()
    keyboard = fopen("/dev/tty", "r")
    var saved = termios()
    let hasSaved = et_save_termios(1, &saved) == 0
    guard let screen = newterm(nil, et_stdout(), keyboard ?? et_stdin()) else {
      if let keyboard { fclose(keyboard) }
      let term = getenv("TERM").map { String(cString: $0) } ?? "unset"
      throw TerminalError(description: "cannot start the terminal (TERM=\(term))")
    }
    self.screen = screen
    _ = set_term(screen)
    et_install_signal_handlers()
    withUnsafePointer(to: &saved) { et_prepare_restore(1, hasSaved ? $0 : nil) }
    _ = cbreak()
    _ = noecho()
    _ = nonl()
    _ = keypad(et_stdscr(), true)
    _ = curs_set(0)
    _ = set_escdelay(25)
    _ = leaveok(et_stdscr(), true)
    if useColor && has_colors() {
      _ = start_color()
      _ = use_default_colors()
      colorMode = et_colors() >= 256 ? .palette256 : .basic
    }
  }

  deinit { close() }

  public var size: (width: Int, height: Int) { (Int(et_cols()), Int(et_lines())) }

  /// Leaves full-screen mode and gives the terminal back as it was. Safe to call twice.
  public func close() {
    guard !closed else { return }
    closed = true
    _ = endwin()
    et_screen_closed()
    if let screen { delscreen(screen) }
    screen = nil
    if let keyboard { fclose(keyboard) }
    keyboard = nil
  }

  public func takeQuitSignal() -> Int32? {
    let signal = et_take_quit_signal()
    return signal == 0 ? nil : signal
  }

  // MARK: - Output

  public func draw(_ buffer: Buffer) {
    guard buffer.width == size.width, buffer.height == size.height else {
      previous = nil
      return
    }
    for change in buffer.changes(from: previous) {
      var x = change.x
      for cell in change.cells {
        defer { x += 1 }
        if cell.isContinuation { continue }
        put(cell, x: x, y: change.y)
      }
    }
    previous = buffer
    _ = wnoutrefresh(et_stdscr())
    _ = doupdate()
  }

  private func put(_ cell: Cell, x: Int, y: Int) {
    var attributes: attr_t = 0
    if cell.style.attributes.contains(.bold) { attributes |= et_a_bold() }
    if cell.style.attributes.contains(.dim) { attributes |= et_a_dim() }
    if cell.style.attributes.contains(.underline) { attributes |= et_a_underline() }
    if cell.style.attributes.contains(.reverse) { attributes |= et_a_reverse() }
    let pair = colorPair(cell.style)
    var text = cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
    text.append(0)
    _ = et_put_cell(Int32(y), Int32(x), text, attributes, pair)
  }

  private func colorPair(_ style: Style) -> Int16 {
    guard colorMode != .none else { return 0 }
    let foreground = colorIndex(style.foreground)
    let background = colorIndex(style.background)
    if foreground == -1 && background == -1 { return 0 }
    let key = UInt64(UInt16(bitPattern: foreground)) << 16 | UInt64(UInt16(bitPattern: background))
    if let pair = pairs[key] { return pair }
    let next = Int16(pairs.count + 1)
    guard Int32(next) < et_color_pairs(), init_pair(next, foreground, background) != et_err() else { return 0 }
    pairs[key] = next
    return next
  }

  private func colorIndex(_ color: Color) -> Int16 {
    guard color.rgb != nil else { return -1 }
    switch colorMode {
    case .none: return -1
    case .basic: return Int16(ColorMapping.nearestBasic(color))
    case .palette256: return Int16(ColorMapping.nearest256(color))
    }
  }

  // MARK: - Input

  public func readKey(timeoutMilliseconds: Int) -> Key? {
    wtimeout(et_stdscr(), Int32(max(0, timeoutMilliseconds)))
    var character: wint_t = 0
    let result = wget_wch(et_stdscr(), &character)
    if result == et_err() { return nil }
    let code = Int32(character)
    if result == et_key_code_yes() {
      switch code {
      case et_key_resize():
        previous = nil
        _ = clearok(et_stdscr(), true)
        return .resize
      case et_key_up(): return .up
      case et_key_down(): return .down
      case et_key_left(): return .left
      case et_key_right(): return .right
      case et_key_ppage(): return .pageUp
      case et_key_npage(): return .pageDown
      case et_key_home(): return .home
      case et_key_end(): return .end
      case et_key_btab(): return .backTab
      case et_key_enter(): return .enter
      case et_key_backspace(): return .backspace
      default: return nil
      }
    }
    switch code {
    case 3: return .interrupt
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 127, 8: return .backspace
    default:
      guard let scalar = Unicode.Scalar(UInt32(bitPattern: code)), code >= 32 else { return nil }
      return .character(Character(scalar))
    }
  }
}

/// Nearest terminal colors for 24-bit theme colors.
public enum ColorMapping {
  /// The xterm 256-color palette index (16–255: the 6×6×6 cube and the gray ramp) nearest to
  /// `color`. System colors 0–15 are skipped because terminals redefine them.
  public static func nearest256(_ color: Color) -> Int {
    let levels = [0, 95, 135, 175, 215, 255]
    func nearestLevel(_ v: Int) -> Int {
      var best = 0
      for i in 1..<levels.count where abs(levels[i] - v) < abs(levels[best] - v) { best = i }
      return best
    }
    let (r, g, b) = (nearestLevel(color.red), nearestLevel(color.green), nearestLevel(color.blue))
    let cube = 16 + 36 * r + 6 * g + b
    let cubeDistance = distance(color, (levels[r], levels[g], levels[b]))
    let average = (color.red + color.green + color.blue) / 3
    let grayIndex = min(23, max(0, (average - 8 + 5) / 10))
    let grayLevel = 8 + 10 * grayIndex
    let grayDistance = distance(color, (grayLevel, grayLevel, grayLevel))
    return grayDistance < cubeDistance ? 232 + grayIndex : cube
  }

  /// The nearest of the eight basic ANSI colors (0 black … 7 white).
  public static func nearestBasic(_ color: Color) -> Int {
    let basic = [
      (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    ]
    var best = 0
    for i in 1..<basic.count where distance(color, basic[i]) < distance(color, basic[best]) { best = i }
    return best
  }

  static func distance(_ color: Color, _ other: (Int, Int, Int)) -> Int {
    let dr = color.red - other.0
    let dg = color.green - other.1
    let db = color.blue - other.2
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db
  }
}
