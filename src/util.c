/*
 * util.c: the arena, string buffers, vectors, diagnostics and atomic output
 * files declared in util.h, and the start-up set-up of the heap (heap_tune).
 *
 * The arena is a list of large chunks handed out by bumping a pointer; a
 * request larger than a chunk gets a chunk of its own.  xrealloc copies into
 * fresh arena memory (the old block is reclaimed at exit with the rest): the
 * runs are short and the memory peak stays within a small factor of the
 * output size.
 */
#define _DEFAULT_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *progname = "cshim";

struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char mem[];
};

static struct chunk *arena;
enum { CHUNK_SIZE = 1 << 16 };

/*
 * Exact mode gives every allocation a chunk of its own, so that the red zones
 * of AddressSanitizer (built in with SAN=1) or valgrind (CSHIM_ARENA_EXACT=1
 * in the environment) sit right behind each block and catch an overflow that
 * would otherwise land unseen in the next block of a shared chunk.
 */
static bool arena_exact(void)
{
	static int exact = -1;
	if (exact < 0) {
#ifdef __SANITIZE_ADDRESS__
		exact = 1;
#else
		exact = getenv("CSHIM_ARENA_EXACT") != NULL;
#endif
	}
	return exact;
}

/* A chunk of size bytes: the one to bump from now on, or (alone) a block in
 * use as a whole, linked behind the current chunk so that the current
 * chunk's free space is not abandoned. */
static struct chunk *chunk_new(size_t size, bool alone)
{
	struct chunk *c = calloc(1, sizeof *c + size);
	if (!c)
		fatal("out of memory");
	c->size = size;
	if (alone && arena) {
		c->used = size;
		c->next = arena->next;
		arena->next = c;
	} else {
		c->used = alone ? size : 0;
		c->next = arena;
		arena = c;
	}
	return c;
}

void *xmalloc(size_t n)
{
	if (arena_exact())
		return chunk_new(n, true)->mem;
	n = (n + 15) & ~(size_t)15;
	if (n > CHUNK_SIZE)
		return chunk_new(n, true)->mem;
	if (!arena || arena->size - arena->used < n)
		chunk_new(CHUNK_SIZE, false);
	void *p = arena->mem + arena->used;
	arena->used += n;
	return p;
}

void *xrealloc(void *p, size_t old, size_t n)
{
	void *q = xmalloc(n);
	if (p)
		memcpy(q, p, old < n ? old : n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

/*
 * Huge pages for the heap.  A parse touches a few hundred megabytes (two
 * parses at once, more), and on a virtual machine the fault on each 4K
 * page's first touch costs microseconds: 31,000 faults and 0.33 s of system
 * time on all DPDK headers, 0.82 s in all.  So every thread allocates from
 * the one heap (libclang parses on threads of its own, which would each get
 * an arena of their own, in 4K pages), blocks up to 32M come from it too,
 * it is never trimmed, and it grows at once by HEAP_STEP of address space,
 * which the kernel is asked to back with 2M pages when touched (transparent
 * huge pages in their "madvise" mode, most distributions' default; nothing
 * where they are off): about 3,600 faults and 0.52 s.  Later growth is the
 * default's.  Under a sanitizer or valgrind, whose allocators replace
 * malloc, the heap does not grow and nothing is advised.
 */
void heap_tune(void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#if __GLIBC_PREREQ(2, 33) && defined(MADV_HUGEPAGE)
	enum { HEAP_STEP = 512 << 20, HUGE_PAGE = 2 << 20, DEFAULT_TOP_PAD = 128 << 10 };
	if (!mallopt(M_ARENA_MAX, 1) || !mallopt(M_MMAP_THRESHOLD, 32 << 20) || !mallopt(M_TRIM_THRESHOLD, -1) ||
	    !mallopt(M_TOP_PAD, HEAP_STEP))
		return;
	char *start = sbrk(0);
	/* more than the top of the heap holds, so that it grows (volatile: not optimized away) */
	void *volatile grow = malloc(mallinfo2().keepcost + 4096);
	char *end = sbrk(0);
	char *from = (char *)(((uintptr_t)start + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (start != (char *)-1 && end > from)
		madvise(from, (size_t)(end - from), MADV_HUGEPAGE);
	free(grow); /* back to the top of the heap, for the parses */
	mallopt(M_TOP_PAD, DEFAULT_TOP_PAD); /* under a tight ulimit -v, 512M more at a time could fail */
#endif
#endif
}

/* xprintf's: arena memory, so arena_free forgets it (a thread's own ends with it). */
static _Thread_local struct buf scratch;

/* Formatted in a scratch buffer of the thread's, then copied at its exact
 * size: a buf of its own would keep a capacity of 128 bytes or more (33MB of
 * 239,000 strings on all DPDK headers, each page of it a page fault). */
char *xprintf(const char *fmt, ...)
{
	scratch.len = 0;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&scratch, fmt, ap);
	va_end(ap);
	return xstrndup(scratch.s ? scratch.s : "", scratch.len);
}

/* Cleanups for memory the arena does not own (libc's regex_t internals, ...). */
struct deferred {
	void (*fn)(void *);
	void *p;
	struct deferred *next;
};
static struct deferred *deferred;

void arena_defer(void (*fn)(void *), void *p)
{
	struct deferred *d = xmalloc(sizeof *d);
	*d = (struct deferred){fn, p, deferred};
	deferred = d;
}

void arena_free(void)
{
	for (; deferred; deferred = deferred->next)
		deferred->fn(deferred->p);
	while (arena) {
		struct chunk *next = arena->next;
		free(arena);
		arena = next;
	}
	scratch = (struct buf){0};
}

static void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, b->len + (b->s != NULL), cap);
	b->cap = cap;
}

void buf_addn(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_add(struct buf *b, const char *s) { buf_addn(b, s, strlen(s)); }
void buf_addc(struct buf *b, char c) { buf_addn(b, &c, 1); }

static void buf_add_int(struct buf *b, unsigned long long u, bool negative)
{
	char digits[24], *d = digits + sizeof digits;
	do
		*--d = (char)('0' + u % 10);
	while (u /= 10);
	if (negative)
		*--d = '-';
	buf_addn(b, d, (size_t)(digits + sizeof digits - d));
}

/*
 * The conversions cshim formats most (%s %d %u %zu %c %%), without
 * vsnprintf's fixed cost of about 1,000 instructions a call: most of the
 * 60M instructions the glibc set's output and probe lines spent formatting.
 * False, with b unchanged, at any other conversion: vsnprintf's then.
 */
static bool buf_vadd_simple(struct buf *b, const char *fmt, va_list ap)
{
	size_t len0 = b->len;
	for (const char *f = fmt; *f; f++) {
		size_t n = strcspn(f, "%");
		buf_addn(b, f, n);
		if (!f[n])
			break;
		f += n + 1;
		if (*f == 's') {
			const char *s = va_arg(ap, const char *);
			buf_add(b, s ? s : "(null)");
		} else if (*f == 'd') {
			int i = va_arg(ap, int);
			buf_add_int(b, i < 0 ? 0ull - (unsigned long long)i : (unsigned long long)i, i < 0);
		} else if (*f == 'u') {
			buf_add_int(b, va_arg(ap, unsigned), false);
		} else if (f[0] == 'z' && f[1] == 'u') {
			buf_add_int(b, va_arg(ap, size_t), false);
			f++;
		} else if (*f == 'c') {
			buf_addc(b, (char)va_arg(ap, int));
		} else if (*f == '%') {
			buf_addc(b, '%');
		} else {
			b->len = len0;
			if (b->s)
				b->s[len0] = '\0';
			return false;
		}
	}
	return true;
}

/* Formats into the spare capacity first: a second pass only when it did not fit. */
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list simple;
	va_copy(simple, ap);
	bool done = buf_vadd_simple(b, fmt, simple);
	va_end(simple);
	if (done)
		return;
	buf_grow(b, 64);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("bad format string");
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

/* s as a JSON string literal (null for NULL). */
void buf_json_str(struct buf *b, const char *s)
{
	if (!s) {
		buf_add(b, "null");
		return;
	}
	buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c == '\n')
			buf_add(b, "\\n");
		else if (c == '\t')
			buf_add(b, "\\t");
		else if (c < 0x20)
			buf_addf(b, "\\u%04x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void vec_push(struct vec *v, void *p)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		v->v = xrealloc(v->v, v->len * sizeof *v->v, cap * sizeof *v->v);
		v->cap = cap;
	}
	v->v[v->len++] = p;
}

void vec_sort(struct vec *v, int (*cmp)(const void *, const void *))
{
	if (v->len > 1)
		qsort(v->v, v->len, sizeof *v->v, cmp);
}

int str_cmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static size_t str_hash(const char *s)
{
	size_t h = 14695981039346656037u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static size_t strset_find(const struct strset *s, const char *str)
{
	size_t i = str_hash(str) & (s->cap - 1);
	while (s->slot[i] && strcmp(s->slot[i], str) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

bool strset_has(const struct strset *s, const char *str)
{
	return s->cap && s->slot[strset_find(s, str)];
}

void *strset_get(const struct strset *s, const char *str)
{
	return s->cap && s->val ? s->val[strset_find(s, str)] : NULL;
}

bool strset_put(struct strset *s, const char *str, void *val)
{
	if ((s->len + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct strset bigger = {.slot = xmalloc(cap * sizeof(char *)), .cap = cap};
		if (s->val || val)
			bigger.val = xmalloc(cap * sizeof(void *));
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				strset_put(&bigger, s->slot[i], s->val ? s->val[i] : NULL);
		*s = bigger;
	}
	if (val && !s->val)
		s->val = xmalloc(s->cap * sizeof(void *));
	size_t i = strset_find(s, str);
	if (s->slot[i])
		return false;
	s->slot[i] = str;
	if (s->val)
		s->val[i] = val;
	s->len++;
	return true;
}

bool strset_add(struct strset *s, const char *str) { return strset_put(s, str, NULL); }

/* Where messages go when not to stderr (report_hold); one per thread. */
static _Thread_local struct buf *held;

void report_hold(struct buf *b) { held = b; }

static void vput(const char *fmt, va_list ap)
{
	if (held)
		buf_vaddf(held, fmt, ap);
	else
		vfprintf(stderr, fmt, ap);
}

static void put(const char *fmt, ...) PRINTF(1, 2);
static void put(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vput(fmt, ap);
	va_end(ap);
}

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	put("%s", prefix);
	vput(fmt, ap);
	put("\n");
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put("%s: ", progname);
	vreport("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

int error_at(const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put("%s:%u:%u: ", file, line, col);
	vreport("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put("%s: ", progname);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

_Noreturn void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	held = NULL; /* out of memory, say: straight to stderr */
	put("%s: ", progname);
	vreport("fatal: ", fmt, ap);
	va_end(ap);
	exit(EXIT_FAIL);
}

/* All of f into b (a pipe or a file); false on a read error. */
static bool slurp(FILE *f, struct buf *b)
{
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_addn(b, tmp, n);
	return !ferror(f);
}

bool read_file_into(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	b->len = 0;
	errno = 0;
	bool bad = !slurp(f, b);
	int err = errno ? errno : EIO; /* a directory fails here: EISDIR */
	fclose(f);
	if (bad)
		errno = err;
	return !bad;
}

char *read_file(const char *path, size_t *len)
{
	struct buf b = {0};
	if (!read_file_into(path, &b))
		return NULL;
	if (len)
		*len = b.len;
	return b.s ? b.s : xstrdup("");
}

/* Checked before a library is handed the path: libclang would only say
 * "error 1", libelf "invalid file descriptor" for a directory. */
int file_readable(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0 || access(path, R_OK) < 0)
		return error("%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return error("%s: %s", path, strerror(EISDIR));
	return 0;
}

int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write one output to a temporary file beside its target; returns its name. */
static char *stage_output(const struct output *o)
{
	char *tmp = xprintf("%s/.%s.XXXXXX", path_dirname(o->path), strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		error("cannot create %s: %s", o->path, strerror(errno));
		return NULL;
	}
	if (write_all(fd, o->data.s ? o->data.s : "", o->data.len) < 0 || fchmod(fd, 0644) < 0 || close(fd) < 0) {
		error("cannot write %s: %s", o->path, strerror(errno));
		unlink(tmp);
		return NULL;
	}
	return tmp;
}

/*
 * Where an output really goes.  A symlink is followed, so the file it points
 * to is replaced rather than the link.  A device or FIFO (-o /dev/null) is
 * written in place: renaming over it would replace the device itself.
 */
static const char *output_target(const char *path, bool *in_place)
{
	struct stat st;
	*in_place = false;
	if (lstat(path, &st) < 0)
		return path;
	if (S_ISLNK(st.st_mode)) {
		char *real = realpath(path, NULL);
		if (real) {
			path = xstrdup(real);
			free(real);
		}
		if (stat(path, &st) < 0)
			return path;
	}
	*in_place = !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
	return path;
}

static int write_in_place(const char *path, const struct buf *data)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0 || write_all(fd, data->s ? data->s : "", data->len) < 0 || close(fd) < 0)
		return error("cannot write %s: %s", path, strerror(errno));
	return 0;
}

int outputs_commit(struct output **outs, size_t n)
{
	char **tmps = xmalloc((n + 1) * sizeof *tmps);
	const char **targets = xmalloc((n + 1) * sizeof *targets);
	bool *in_place = xmalloc((n + 1) * sizeof *in_place);
	size_t i;
	for (i = 0; i < n; i++) {
		if (strcmp(outs[i]->path, "-") == 0)
			continue;
		targets[i] = output_target(outs[i]->path, &in_place[i]);
		struct output o = {targets[i], outs[i]->data};
		if (!in_place[i] && !(tmps[i] = stage_output(&o)))
			goto fail;
	}
	for (i = 0; i < n; i++) {
		if (tmps[i] && rename(tmps[i], targets[i]) < 0) {
			error("cannot write %s: %s", outs[i]->path, strerror(errno));
			goto fail;
		}
		tmps[i] = NULL;
	}
	for (i = 0; i < n; i++) {
		if (in_place[i] && write_in_place(targets[i], &outs[i]->data) < 0)
			return -1;
		if (strcmp(outs[i]->path, "-") == 0 &&
		    write_all(STDOUT_FILENO, outs[i]->data.s ? outs[i]->data.s : "", outs[i]->data.len) < 0)
			return error("cannot write standard output: %s", strerror(errno));
	}
	return 0;
fail:
	for (i = 0; i < n; i++)
		if (tmps[i])
			unlink(tmps[i]);
	return -1;
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Absolute, normalised form of an existing path (or of its directory). */
static char *absolute(const char *path)
{
	char *r = realpath(path, NULL);
	if (r) {
		char *s = xstrdup(r);
		free(r);
		return s;
	}
	return NULL;
}

const char *path_display(const char *path)
{
	/* Not in the arena: it outlives a run when one process runs many (fuzz/gen.c). */
	static char cwd[PATH_MAX];
	static size_t n;
	while (!strncmp(path, "./", 2))
		path += 2;
	if (path[0] != '/')
		return path;
	if (!n && getcwd(cwd, sizeof cwd))
		n = strlen(cwd);
	return n > 1 && !strncmp(path, cwd, n) && path[n] == '/' ? path + n + 1 : path;
}

char *path_relative(const char *target, const char *from_dir)
{
	char *t = absolute(target), *f = absolute(from_dir);
	if (!t || !f)
		return xstrdup(target);
	/* Find the last common directory boundary. */
	size_t i = 0, common = 0;
	while (t[i] && t[i] == f[i]) {
		if (t[i] == '/')
			common = i;
		i++;
	}
	if (f[i] == '\0' && t[i] == '/')
		common = i;
	if (common == 0)
		return t; /* only "/" in common: an absolute path reads better */
	struct buf b = {0};
	for (const char *p = f + common; *p; p++)
		if (*p == '/')
			buf_add(&b, "../");
	buf_add(&b, t + common + 1);
	return b.s;
}

char *run_capture(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	struct buf b = {0};
	slurp(p, &b);
	int st = pclose(p);
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return b.s ? b.s : xstrdup("");
}
