#ifndef EVENTTOP_CNCURSESW_SHIM_H
#define EVENTTOP_CNCURSESW_SHIM_H
// Wide-character ncurses for Swift. Swift 6 cannot use C macros with arguments or mutable C
// globals, so the few eventtop needs are wrapped in static inline functions here.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>

static inline WINDOW *et_stdscr(void) { return stdscr; }
static inline int et_lines(void) { return LINES; }
static inline int et_cols(void) { return COLS; }
static inline int et_colors(void) { return COLORS; }
static inline int et_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t et_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }
static inline attr_t et_a_bold(void) { return A_BOLD; }
static inline attr_t et_a_dim(void) { return A_DIM; }
static inline attr_t et_a_underline(void) { return A_UNDERLINE; }
static inline attr_t et_a_reverse(void) { return A_REVERSE; }
static inline attr_t et_a_normal(void) { return A_NORMAL; }
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
static inline int et_err(void) { return ERR; }

/// Writes one cell: a wide character string (a base character plus combining marks) with
/// attributes and a color pair.
static inline int et_put_cell(int y, int x, const wchar_t *text, attr_t attributes, short pair) {
  cchar_t cell;
  if (setcchar(&cell, text, attributes, pair, NULL) == ERR) return ERR;
  return mvadd_wch(y, x, &cell);
}
#endif
