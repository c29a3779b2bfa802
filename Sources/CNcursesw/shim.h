// ncursesw for Swift. SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the
// wide-character API must be requested here (see docs/decisions/0002).
#ifndef VIGIL_CNCURSESW_SHIM_H
#define VIGIL_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Macros Swift cannot import, and globals Swift 6 rejects as not
// concurrency-safe, exposed as inline functions.
static inline attr_t vigil_a_normal(void) { return A_NORMAL; }
static inline attr_t vigil_a_bold(void) { return A_BOLD; }
static inline attr_t vigil_a_dim(void) { return A_DIM; }
static inline attr_t vigil_a_reverse(void) { return A_REVERSE; }
static inline attr_t vigil_a_underline(void) { return A_UNDERLINE; }
static inline WINDOW *vigil_stdscr(void) { return stdscr; }
static inline int vigil_lines(void) { return LINES; }
static inline int vigil_cols(void) { return COLS; }
static inline int vigil_colors(void) { return COLORS; }
static inline int vigil_color_pairs(void) { return COLOR_PAIRS; }
static inline int vigil_key_resize(void) { return KEY_RESIZE; }
static inline int vigil_key_code_yes(void) { return KEY_CODE_YES; }
#endif
