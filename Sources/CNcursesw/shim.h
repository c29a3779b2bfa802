// ncursesw for Swift. SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the
// wide-character API must be requested here (see docs/decisions/0002).
#ifndef VIGIL_CNCURSESW_SHIM_H
#define VIGIL_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <sys/ioctl.h>
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

// Terminal setup. newterm (unlike initscr) returns NULL instead of exiting
// when TERM is unknown; stdout/stdin are globals Swift 6 rejects.
static inline SCREEN *vigil_newterm(const char *term) { return newterm(term, stdout, stdin); }
static inline const char *vigil_codeset(void) { return nl_langinfo(CODESET); }
static inline int vigil_has_capability(const char *name) {
    char *s = tigetstr(name);
    return s != NULL && s != (char *)-1;
}
// The kernel's idea of the window size (ioctl is variadic, Swift cannot call it).
static inline int vigil_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

// One cell: a spacing character plus up to four combining marks.
static inline int vigil_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t c;
    if (setcchar(&c, wch, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &c);
}
static inline int vigil_clear_all(void) { return clearok(curscr, TRUE); }

// Mouse: clicks, double clicks and the wheel (buttons 4 and 5); the button
// masks are function-like macros Swift cannot import.
static inline int vigil_key_mouse(void) { return KEY_MOUSE; }
static inline int vigil_mouse_on(void) {
    return mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL) != 0;
}
// 1 click, 2 double click, 3 wheel up, 4 wheel down, 0 anything else.
static inline int vigil_mouse_read(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *x = e.x; *y = e.y;
    if (e.bstate & BUTTON4_PRESSED) return 3;
    if (e.bstate & BUTTON5_PRESSED) return 4;
    if (e.bstate & BUTTON1_DOUBLE_CLICKED) return 2;
    if (e.bstate & BUTTON1_CLICKED) return 1;
    return 0;
}

#endif
