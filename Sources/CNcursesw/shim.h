#ifndef EVENTTOP_CNCURSESW_SHIM_H
#define EVENTTOP_CNCURSESW_SHIM_H
// Wide-character ncurses for Swift. Swift 6 cannot use C macros with arguments or mutable C
// globals, so the few eventtop needs are wrapped in static inline functions here, together with
// the async-signal-safe code that puts the terminal back after a signal or a crash.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <langinfo.h>
#include <locale.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

static inline WINDOW *et_stdscr(void) { return stdscr; }
static inline FILE *et_stdout(void) { return stdout; }
static inline FILE *et_stdin(void) { return stdin; }
static inline int et_lines(void) { return LINES; }
static inline int et_cols(void) { return COLS; }
static inline int et_colors(void) { return COLORS; }
static inline int et_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t et_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }
static inline attr_t et_a_bold(void) { return A_BOLD; }
static inline attr_t et_a_dim(void) { return A_DIM; }
static inline attr_t et_a_underline(void) { return A_UNDERLINE; }
static inline attr_t et_a_reverse(void) { return A_REVERSE; }
static inline int et_ok(void) { return OK; }
static inline int et_err(void) { return ERR; }
static inline int et_key_code_yes(void) { return KEY_CODE_YES; }
static inline int et_key_resize(void) { return KEY_RESIZE; }
static inline int et_key_up(void) { return KEY_UP; }
static inline int et_key_down(void) { return KEY_DOWN; }
static inline int et_key_left(void) { return KEY_LEFT; }
static inline int et_key_right(void) { return KEY_RIGHT; }
static inline int et_key_ppage(void) { return KEY_PPAGE; }
static inline int et_key_npage(void) { return KEY_NPAGE; }
static inline int et_key_home(void) { return KEY_HOME; }
static inline int et_key_end(void) { return KEY_END; }
static inline int et_key_btab(void) { return KEY_BTAB; }
static inline int et_key_enter(void) { return KEY_ENTER; }
static inline int et_key_backspace(void) { return KEY_BACKSPACE; }

/// Writes one cell: a wide-character string (a base character and up to four combining marks)
/// with attributes and a color pair.
static inline int et_put_cell(int y, int x, const wchar_t *text, attr_t attributes, short pair) {
  cchar_t cell;
  if (setcchar(&cell, text, attributes, pair, NULL) == ERR) return ERR;
  return mvadd_wch(y, x, &cell);
}

/// Makes sure the C library speaks UTF-8: the user's locale if it does, else C.UTF-8.
static inline int et_use_utf8_locale(void) {
  setlocale(LC_ALL, "");
  const char *codeset = nl_langinfo(CODESET);
  if (codeset && strcmp(codeset, "UTF-8") == 0) return 1;
  if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "en_US.UTF-8")) return 1;
  return 0;
}

// MARK: - Restoring the terminal from signal handlers

// The state the handlers need lives in one function-local static, which the Swift importer
// emits together with the functions (file-scope statics in an imported header are not emitted).
struct et_restore_state {
  volatile sig_atomic_t pending_quit;
  volatile sig_atomic_t screen_active;
  int saved_termios_valid;
  int terminal_fd;
  struct termios saved_termios;
  size_t restore_length;
  char restore_sequence[256];
};

static inline struct et_restore_state *et_state(void) {
  static struct et_restore_state state = {0, 0, 0, 1};
  return &state;
}

static void et_on_quit_signal(int signal_number) { et_state()->pending_quit = signal_number; }

/// Puts the terminal back with nothing but write(2) and tcsetattr(3), both async-signal-safe.
static void et_restore_from_handler(void) {
  struct et_restore_state *state = et_state();
  if (!state->screen_active) return;
  if (state->restore_length > 0) {
    ssize_t ignored = write(state->terminal_fd, state->restore_sequence, state->restore_length);
    (void)ignored;
  }
  if (state->saved_termios_valid) tcsetattr(state->terminal_fd, TCSAFLUSH, &state->saved_termios);
  state->screen_active = 0;
}

static void et_on_fatal_signal(int signal_number) {
  et_restore_from_handler();
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

static inline void et_append_capability(const char *name, const char *fallback) {
  char *value = tigetstr((char *)name);
  const char *text = (value == NULL || value == (char *)-1) ? fallback : value;
  size_t length = strlen(text);
  struct et_restore_state *state = et_state();
  if (state->restore_length + length < sizeof(state->restore_sequence)) {
    memcpy(state->restore_sequence + state->restore_length, text, length);
    state->restore_length += length;
  }
}

/// Remembers how to undo the full-screen mode. Call after the screen is set up; `fd` is the
/// terminal's file descriptor and `saved` its settings from before.
static inline void et_prepare_restore(int fd, const struct termios *saved) {
  struct et_restore_state *state = et_state();
  state->terminal_fd = fd;
  if (saved) {
    state->saved_termios = *saved;
    state->saved_termios_valid = 1;
  }
  state->restore_length = 0;
  et_append_capability("sgr0", "\033[0m");
  et_append_capability("cnorm", "\033[?25h");
  et_append_capability("rmcup", "\033[?1049l");
  state->screen_active = 1;
}

static inline void et_screen_closed(void) { et_state()->screen_active = 0; }

/// SIGINT, SIGTERM and SIGHUP ask the loop to quit; crashes restore the terminal and go on dying.
static inline void et_install_signal_handlers(void) {
  struct sigaction quit;
  memset(&quit, 0, sizeof quit);
  quit.sa_handler = et_on_quit_signal;
  sigemptyset(&quit.sa_mask);
  sigaction(SIGINT, &quit, NULL);
  sigaction(SIGTERM, &quit, NULL);
  sigaction(SIGHUP, &quit, NULL);
  struct sigaction fatal;
  memset(&fatal, 0, sizeof fatal);
  fatal.sa_handler = et_on_fatal_signal;
  sigemptyset(&fatal.sa_mask);
  fatal.sa_flags = SA_RESETHAND;
  int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT};
  for (unsigned i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
    sigaction(fatal_signals[i], &fatal, NULL);
  }
}

/// The quit signal received since the last call, or 0.
static inline int et_take_quit_signal(void) {
  int signal_number = et_state()->pending_quit;
  et_state()->pending_quit = 0;
  return signal_number;
}

static inline int et_save_termios(int fd, struct termios *out) { return tcgetattr(fd, out); }
#endif
