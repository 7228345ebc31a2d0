#include <stdio.h>
#include <histedit.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* libedit's el_set/el_get and history() are variadic, which Swift cannot call: one wrapper per use. */

/// An editor on the standard streams (Swift 6 cannot touch the C globals stdin/stdout/stderr).
static inline EditLine *secateur_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

/// Sets the prompt function.
static inline int secateur_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *)) {
    return el_set(el, EL_PROMPT, prompt);
}

/// Selects the key bindings ("emacs" or "vi").
static inline int secateur_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/// Lets libedit install its own signal handlers while editing (0: leave ours alone).
static inline int secateur_el_set_signal(EditLine *el, int flag) {
    return el_set(el, EL_SIGNAL, flag);
}

/// Connects a history list (up arrow, Ctrl-R).
static inline int secateur_el_set_history(EditLine *el, History *list) {
    return el_set(el, EL_HIST, history, list);
}

/// Binds `key` (e.g. "^R", "^I") to the editor function called `function`.
static inline int secateur_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}

/// Adds a named editor function implemented by the program.
static inline int secateur_el_add_function(EditLine *el, const char *name, const char *help,
                                           unsigned char (*function)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/// Stores a pointer for callbacks to find their context.
static inline int secateur_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

/// The pointer stored with secateur_el_set_clientdata.
static inline void *secateur_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

/// Redraws the line (after printing completion candidates).
static inline int secateur_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}

/// Caps the number of history entries.
static inline int secateur_history_setsize(History *list, HistEvent *event, int size) {
    return history(list, event, H_SETSIZE, size);
}

/// Drops an entry identical to the previous one (0 keeps duplicates).
static inline int secateur_history_setunique(History *list, HistEvent *event, int flag) {
    return history(list, event, H_SETUNIQUE, flag);
}

/// Adds a line to the history.
static inline int secateur_history_enter(History *list, HistEvent *event, const char *line) {
    return history(list, event, H_ENTER, line);
}

/// Loads the history file.
static inline int secateur_history_load(History *list, HistEvent *event, const char *path) {
    return history(list, event, H_LOAD, path);
}

/// Saves the history file.
static inline int secateur_history_save(History *list, HistEvent *event, const char *path) {
    return history(list, event, H_SAVE, path);
}

/// The width of the terminal on `fd` in columns (0 when it is not a terminal).
static inline int secateur_terminal_width(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
