/*
 * util.h: domain-free helpers shared by every stage of cshim.
 *
 * Memory: everything a run allocates comes from one arena (xmalloc and
 * friends) that is released by arena_free() at exit, so stages never free
 * piecemeal and sanitizers stay quiet.  Allocation failure ends the run.
 * Strings are built with struct buf (a growable byte buffer, always NUL
 * terminated); lists with struct vec (a growable array of pointers).
 * Diagnostics go through one family of functions that print
 * "cshim: error: ..." or compiler-style "file:line:col: error: ...".
 */
#ifndef CSHIM_UTIL_H
#define CSHIM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Exit statuses shared by every command. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,  /* bad input, or a check that found problems */
	EXIT_USAGE = 2, /* bad command line */
};

/* Arena allocation: never returns NULL, freed all at once by arena_free. */
void *xmalloc(size_t n);        /* zero-filled */
void *xrealloc(void *p, size_t old, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xprintf(const char *fmt, ...) PRINTF(1, 2);
void arena_free(void);
void heap_tune(void); /* at start-up: the heap in huge pages, for libclang's parses */
void arena_defer(void (*fn)(void *), void *p); /* fn(p) at arena_free, before the memory goes */

/* Growable string buffer; .s is always NUL terminated. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *b, const char *s);
void buf_addn(struct buf *b, const char *s, size_t n);
void buf_addf(struct buf *b, const char *fmt, ...) PRINTF(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_addc(struct buf *b, char c);
void buf_json_str(struct buf *b, const char *s); /* a JSON string, or null */

/* Growable array of pointers. */
struct vec {
	void **v;
	size_t len, cap;
};
void vec_push(struct vec *v, void *p);
void vec_sort(struct vec *v, int (*cmp)(const void *, const void *));
int str_cmp(const void *a, const void *b); /* qsort/bsearch order of an array of char * */

/* A set of strings (open addressing; the strings are not copied), and with
 * strset_put/strset_get a map from them to pointers. */
struct strset {
	const char **slot;
	void **val; /* NULL until a value is put */
	size_t len, cap;
};
bool strset_add(struct strset *s, const char *str); /* false if already there */
bool strset_has(const struct strset *s, const char *str);
bool strset_put(struct strset *s, const char *str, void *val); /* false (and val not stored) if already there */
void *strset_get(const struct strset *s, const char *str);   /* NULL if not there */

/* Diagnostics.  error() returns -1 so callers can write `return error(...)`. */
extern const char *progname;
int error(const char *fmt, ...) PRINTF(1, 2);
int error_at(const char *file, unsigned line, unsigned col, const char *fmt, ...) PRINTF(4, 5);
void warning(const char *fmt, ...) PRINTF(1, 2);
/* This thread's error/warning messages go into b (NULL: to stderr again). */
void report_hold(struct buf *b);
_Noreturn void fatal(const char *fmt, ...) PRINTF(1, 2);

/* Files. */
char *read_file(const char *path, size_t *len); /* NULL and errno on failure */
/* The whole file into b, replacing its text (b's memory reused from file to file); false and errno on failure. */
bool read_file_into(const char *path, struct buf *b);
int file_readable(const char *path); /* 0, or -1 after "cshim: error: PATH: reason" */
int write_all(int fd, const char *s, size_t n); /* 0, or -1 and errno */

/*
 * Atomic output: outputs are staged in memory, then written together.  Each
 * file is written to a temporary file in its own directory and renamed over
 * the target only after every file was written, so a failed run leaves no
 * partial or truncated output.  "-" means standard output.
 */
struct output {
	const char *path;
	struct buf data;
};
int outputs_commit(struct output **outs, size_t n);

/* Path helpers. */
char *path_dirname(const char *path);
char *path_relative(const char *target, const char *from_dir); /* both may be relative to cwd */
/* path as outputs and messages show it: no leading "./", and relative when it
 * lies under the current directory, so that naming a header by its absolute
 * path gives the same outputs as naming it relative. */
const char *path_display(const char *path);

/* Run a command line through /bin/sh and capture its stdout (NULL on failure). */
char *run_capture(const char *cmd, int *status);

#endif
