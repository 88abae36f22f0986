/*
 * overlap.c: the two parses of a run, at the same time.
 *
 * Only clang can tell what a macro is, from code that follows the headers:
 * one probe line per macro (macros.c).  But which macros there are is known
 * only once the headers have been preprocessed, so the probe lines cannot be
 * written before a parse starts, and parsing the headers twice in a row
 * costs twice the parse floor.  So two parses run at once:
 *
 *   - the writer, on a thread of its own, parses the headers without function
 *     bodies (SkipFunctionBodies: about half the cost on inline-heavy headers;
 *     macros, declarations and types are all there), makes the probe lines
 *     and writes them, in pieces as they are made, into pipes, then builds
 *     the signatures of the inline functions declared there (parse_prepare),
 *     which the main thread needs only once its parse is done;
 *   - the main parse, with bodies, is the headers followed by one
 *     `#include "/proc/self/fd/N"` per piece, the pipes' read ends.  clang
 *     reaches them after the last header, reads each piece once the writer
 *     has closed its pipe, and parses the probe lines in the same
 *     translation unit, where macros.c reads what it made of them.
 *
 * On two cores a run costs about one parse of wall time.  Where
 * /proc/self/fd cannot be opened, or CSHIM_SERIAL is set in the environment,
 * the writer runs first and its lines reach clang as an unsaved file: the
 * same translation unit, one parse without bodies later.
 *
 * The arena is not thread-safe, and the writer uses it: the main thread
 * allocates nothing from starting the writer to joining it (it is inside
 * libclang, which reads the pipes until the writer closes them).
 */
#define _GNU_SOURCE
#include "parse.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The probe lines go in pieces, one pipe each (macros_probes): the main
 * parse reads one while the writer makes the next. */
enum { PIECES = 8 };

struct writer {
	struct parse p;      /* its own parse state and inventory */
	CXIndex ix;          /* its own index (made by the main thread, before the writer starts) */
	struct inventory inv;
	struct CXUnsavedFile main;
	const char **args;
	int nargs;
	struct probes *ps;
	int fds[PIECES];     /* the pipes' write ends, -1 once closed; serial: all -1 */
	unsigned next;       /* the pipe of the next piece */
	int status;          /* 0, or -1 when its parse failed */
};

/* A piece of the probe lines into the next pipe, closed after it. */
static void pipe_piece(void *ctx, const char *text, size_t len)
{
	struct writer *w = ctx;
	if (w->next == PIECES)
		return;
	int fd = w->fds[w->next];
	w->fds[w->next++] = -1;
	if (len && write_all(fd, text, len) < 0 && errno != EPIPE && w->status == 0)
		w->status = error("cannot write the probe lines to libclang: %s", strerror(errno));
	close(fd);
}

/* The writer's parse without bodies → probe lines (and its macro items). */
static void writer_run(struct writer *w)
{
	report_hold(&w->ps->messages); /* errors in the headers, if any, are to be read first */
	w->status = parse_unsaved(w->ix, w->args, w->nargs, &w->main, 1,
				  CXTranslationUnit_DetailedPreprocessingRecord | CXTranslationUnit_SkipFunctionBodies, &w->p.tu);
	if (w->status == 0) {
		parse_gather(&w->p);
		macros_probes(&w->p, w->ps);
	}
	/* The rest, and every pipe closed even after a failure: the main parse
	 * reads each to its end. */
	if (w->ps->send) {
		pipe_piece(w, w->ps->src.s + w->ps->sent, w->ps->src.len - w->ps->sent);
		while (w->next < PIECES)
			pipe_piece(w, NULL, 0);
	}
	/* The signatures only after the lines are sent: the main parse reads them
	 * meanwhile, and needs the signatures only once it is done. */
	if (w->status == 0)
		parse_prepare(&w->p);
	if (w->p.tu)
		clang_disposeTranslationUnit(w->p.tu);
	clang_disposeIndex(w->ix);
	report_hold(NULL);
}

static void *writer_thread(void *arg)
{
	/* If the main parse stopped before the probe lines (a fatal error), the
	 * write fails with EPIPE instead of killing the process. */
	sigset_t pipe_sig;
	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_sig, NULL);
	writer_run(arg);
	return NULL;
}

static void close_pipes(struct writer *w, int rd[PIECES], unsigned n)
{
	while (n--)
		close(rd[n]), close(w->fds[n]), w->fds[n] = -1;
}

/*
 * The pipes clang opens by their names "/proc/self/fd/N" (names, left alone
 * on failure), their read ends in rd and write ends in w->fds; or false (no
 * /proc, CSHIM_SERIAL, or no pipes).  Each holds a megabyte (the default limit), so that the
 * writer, done before the main parse reaches them, does not wait for it: the
 * probe lines of a whole kernel TU are 0.7MB.
 */
static bool probe_pipes(struct writer *w, int rd[PIECES], const char *names[PIECES])
{
	if (getenv("CSHIM_SERIAL"))
		return false;
	const char *mine[PIECES];
	unsigned n = 0;
	for (int fds[2]; n < PIECES && pipe2(fds, O_CLOEXEC) == 0; n++) {
		rd[n] = fds[0], w->fds[n] = fds[1];
		fcntl(fds[1], F_SETPIPE_SZ, 1 << 20); /* best effort: a full pipe only waits */
		mine[n] = xprintf("/proc/self/fd/%d", fds[0]);
	}
	if (n == PIECES && access(mine[0], R_OK) == 0) {
		memcpy(names, mine, sizeof mine);
		return true;
	}
	close_pipes(w, rd, n);
	return false;
}

/* The synthetic main file, then an #include of each file of probe lines. */
static struct buf with_includes(const char *src, const char *const *names, unsigned n)
{
	struct buf b = {0};
	buf_add(&b, src);
	for (unsigned i = 0; i < n; i++)
		buf_addf(&b, "#include \"%s\"\n", names[i]);
	return b;
}

/* What clang did not read of the pipes, if it stopped early: the writer waits for no one. */
static void drain(int rd[PIECES])
{
	char sink[4096];
	for (unsigned i = 0; i < PIECES; i++) {
		ssize_t n;
		while ((n = read(rd[i], sink, sizeof sink)) > 0 || (n < 0 && errno == EINTR))
			;
		close(rd[i]);
	}
}

int parse_overlapped(struct parse *p, CXIndex ix, const char *src, struct probes *ps, struct vec *writer_items)
{
	struct writer *w = xmalloc(sizeof *w);
	w->p = (struct parse){.o = p->o, .inv = &w->inv, .rt = p->rt, .writer = true}; /* rt: main uses it only after the join */
	w->main = (struct CXUnsavedFile){MAIN_FILE, src, (unsigned long)strlen(src)};
	w->args = parse_args(p->o, true, &w->nargs);
	w->ps = ps;
	for (unsigned i = 0; i < PIECES; i++)
		w->fds[i] = -1;
	w->ix = clang_createIndex(0, 0);
	/* Everything the main thread needs is allocated before the writer starts. */
	int rd[PIECES], nargs;
	const char *serial = "/" PROBE_FILE; /* an unsaved file, by an absolute name: #include finds no relative one */
	const char *names[PIECES] = {serial};
	bool overlapped = probe_pipes(w, rd, names);
	unsigned nfiles = overlapped ? PIECES : 1;
	struct buf with_probes = with_includes(src, names, nfiles);
	const char **args = parse_args(p->o, false, &nargs);
	path_display("/"); /* its cache of the working directory is filled before the writer needs it */
	pthread_t t;
	if (overlapped) {
		ps->pieces = PIECES;
		ps->send = pipe_piece;
		ps->send_ctx = w;
		if (pthread_create(&t, NULL, writer_thread, w) != 0) { /* no thread: the lines made first */
			close_pipes(w, rd, PIECES);
			ps->pieces = 0, ps->send = NULL;
			overlapped = false;
			names[0] = serial, nfiles = 1;
			with_probes = with_includes(src, names, nfiles);
		}
	}
	struct CXUnsavedFile unsaved[2] = {{MAIN_FILE, with_probes.s, (unsigned long)with_probes.len}};
	if (!overlapped) {
		writer_run(w);
		unsaved[1] = (struct CXUnsavedFile){names[0], ps->src.s ? ps->src.s : "", (unsigned long)ps->src.len};
	}
	/* No preprocessing record: the writer's has the macros, and recording every
	 * expansion (the probe lines' too) would only slow this parse down. */
	int r = parse_unsaved(ix, args, nargs, unsaved, overlapped ? 1 : 2, 0, &p->tu);
	if (overlapped) {
		drain(rd);
		pthread_join(t, NULL);
	}
	if (r == 0 && w->status < 0) {
		if (ps->messages.s)
			fputs(ps->messages.s, stderr);
		r = -1;
	}
	if (r == 0) {
		p->main_file = clang_getFile(p->tu, MAIN_FILE);
		for (const char *s = src; (s = strchr(s, '\n')); s++)
			p->main_lines++;
	}
	for (unsigned i = 0; r == 0 && i < nfiles; i++) {
		CXFile f = clang_getFile(p->tu, names[i]);
		if (f)
			vec_push(&p->probe_files, f);
	}
	*writer_items = w->inv.items;
	p->macros = w->p.macros; /* parameters are not named like a macro */
	p->prepared = w->p.prepared;
	for (size_t i = 0; i < w->inv.deps.len; i++) /* the spec files */
		vec_push(&p->inv->deps, w->inv.deps.v[i]);
	return r;
}
