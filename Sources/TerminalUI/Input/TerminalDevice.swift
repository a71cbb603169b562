/// What the dashboard loop needs from a terminal. `CursesTerminal` is the real one; tests use a
/// fake that records frames and feeds keys.
public protocol TerminalDevice: AnyObject {
  /// The current size in cells.
  var size: (width: Int, height: Int) { get }
  /// Shows `buffer` (writing only what changed since the last frame).
  func draw(_ buffer: Buffer)
  /// The next key, waiting at most `timeoutMilliseconds`; nil when none came.
  func readKey(timeoutMilliseconds: Int) -> Key?
  /// A quit signal (SIGINT, SIGTERM, SIGHUP) received since the last call, if any.
  func takeQuitSignal() -> Int32?
}
