/// A key press, independent of the terminal library.
public enum Key: Sendable, Equatable {
  case character(Character)
  case up, down, left, right, pageUp, pageDown, home, end
  case tab, backTab, enter, escape, backspace
  /// Ctrl-C read as a key (raw mode), treated like the interrupt signal.
  case interrupt
  case resize
}
