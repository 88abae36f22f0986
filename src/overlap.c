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
 *     and writes them into a pipe, then builds the signatures of the inline
 *     functions declared there (parse_prepare), which the main thread needs
 *     only once its parse is done;
 *   - the main parse, with bodies, is the headers followed by
 *     `#include "/proc/self/fd/N"`, the pipe's read end.  clang reaches that
 *     line after the last header, reads the probe lines as the writer sends
 *     them, and parses them in the same translation unit, where macros.c
 *     reads what it made of them.
 *
 * On two cores a run costs about one parse of wall time.  Where
 * /proc/self/fd cannot be opened, or CSHIM_SERIAL is set in the environment,
 * the writer runs first and its lines reach clang as an unsaved file: the
 * same translation unit, one parse without bodies later.
 *
 * The arena is not thread-safe, and the writer uses it: the main thread
 * allocates nothing from starting the writer to joining it (it is inside
 * libclang, which reads the pipe until the writer closes it).
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

struct writer {
	struct parse p;      /* its own parse state and inventory */
	CXIndex ix;          /* its own index (made by the main thread, before the writer starts) */
	struct inventory inv;
	struct CXUnsavedFile main;
	const char **args;
	int nargs;
	struct probes *ps;
	int fd;              /* the pipe's write end, or -1 (serial) */
	int status;          /* 0, or -1 when its parse failed */
};

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
	/* Sent even after a failure: the main parse waits for the end of the pipe. */
	if (w->fd >= 0 && w->ps->src.len && write_all(w->fd, w->ps->src.s, w->ps->src.len) < 0 && errno != EPIPE)
		w->status = error("cannot write the probe lines to libclang: %s", strerror(errno));
	if (w->fd >= 0)
		close(w->fd);
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

/* A pipe clang can open by its name "/proc/self/fd/N", or false (no /proc, or CSHIM_SERIAL). */
static bool probe_pipe(int fds[2], char **name)
{
	if (getenv("CSHIM_SERIAL") || pipe2(fds, O_CLOEXEC) < 0)
		return false;
	*name = xprintf("/proc/self/fd/%d", fds[0]);
	if (access(*name, R_OK) == 0)
		return true;
	close(fds[0]);
	close(fds[1]);
	return false;
}

int parse_overlapped(struct parse *p, CXIndex ix, const char *src, struct probes *ps, struct vec *writer_items)
{
	struct writer *w = xmalloc(sizeof *w);
	w->p = (struct parse){.o = p->o, .inv = &w->inv, .rt = p->rt, .writer = true}; /* rt: main uses it only after the join */
	w->main = (struct CXUnsavedFile){MAIN_FILE, src, (unsigned long)strlen(src)};
	w->args = parse_args(p->o, true, &w->nargs);
	w->ps = ps;
	w->fd = -1;
	w->ix = clang_createIndex(0, 0);
	/* Everything the main thread needs is allocated before the writer starts. */
	int fds[2], nargs;
	char *path = NULL;
	bool overlapped = probe_pipe(fds, &path);
	char *serial = "/" PROBE_FILE; /* an unsaved file, by an absolute name: #include finds no relative one */
	const char *piped_src = overlapped ? xprintf("%s#include \"%s\"\n", src, path) : NULL;
	const char *serial_src = xprintf("%s#include \"%s\"\n", src, serial);
	const char **args = parse_args(p->o, false, &nargs);
	path_display("/"); /* its cache of the working directory is filled before the writer needs it */
	pthread_t t;
	if (overlapped) {
		w->fd = fds[1];
		if (pthread_create(&t, NULL, writer_thread, w) != 0) { /* no thread: the lines made first */
			w->fd = -1;
			close(fds[0]);
			close(fds[1]);
			overlapped = false;
		}
	}
	struct CXUnsavedFile unsaved[2] = {{MAIN_FILE, piped_src, 0}};
	if (overlapped) {
		unsaved[0].Length = (unsigned long)strlen(piped_src);
	} else {
		writer_run(w);
		path = serial;
		unsaved[0] = (struct CXUnsavedFile){MAIN_FILE, serial_src, (unsigned long)strlen(serial_src)};
		unsaved[1] = (struct CXUnsavedFile){serial, ps->src.s ? ps->src.s : "", (unsigned long)ps->src.len};
	}
	/* No preprocessing record: the writer's has the macros, and recording every
	 * expansion (the probe lines' too) would only slow this parse down. */
	int r = parse_unsaved(ix, args, nargs, unsaved, overlapped ? 1 : 2, 0, &p->tu);
	if (overlapped) {
		char sink[4096]; /* what clang did not read, if it stopped early */
		ssize_t n;
		while ((n = read(fds[0], sink, sizeof sink)) > 0 || (n < 0 && errno == EINTR))
			;
		pthread_join(t, NULL);
		close(fds[0]);
	}
	if (r == 0 && w->status < 0) {
		if (ps->messages.s)
			fputs(ps->messages.s, stderr);
		r = -1;
	}
	if (r == 0)
		p->probe_file = clang_getFile(p->tu, path);
	*writer_items = w->inv.items;
	p->macros = w->p.macros; /* parameters are not named like a macro */
	p->prepared = w->p.prepared;
	for (size_t i = 0; i < w->inv.deps.len; i++) /* the spec files */
		vec_push(&p->inv->deps, w->inv.deps.v[i]);
	return r;
}
