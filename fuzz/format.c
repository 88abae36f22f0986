/*
 * format.c: fuzzes cshim's printf (buf_vaddf in src/util.c) against libc's.
 *
 * buf_vaddf formats %s %d %u %zu %c and %% itself and hands any other
 * conversion to vsnprintf; every string cshim writes (helpers, Rust
 * declarations, probe lines) goes through it, so a wrong digit or a lost
 * byte there is a wrong output, not a crash.  The input is cut into pieces:
 * a byte picks a conversion (one of the six, or one that must fall back,
 * such as %x or %5d), the next bytes give its argument, and text up to a NUL
 * surrounds it ('%' in the text is written as "%%").  Each piece is
 * formatted by xprintf and by snprintf, and into one growing buf by
 * buf_addf; any difference aborts.
 */
#include "fuzz.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const convs[] = {"%s", "%d", "%u", "%zu", "%c", "%%", "%x", "%5d", "%.3s", "%lld"};
enum { NCONV = sizeof convs / sizeof *convs };

/* The input's next n bytes as an unsigned number (fewer at its end). */
static unsigned long long take(const uint8_t **p, const uint8_t *end, size_t n)
{
	unsigned long long v = 0;
	for (; n && *p < end; n--)
		v = v << 8 | *(*p)++;
	return v;
}

/* Text up to a NUL (or the end), each '%' doubled for a format. */
static char *text(const uint8_t **p, const uint8_t *end, struct buf *fmt)
{
	const uint8_t *s = *p;
	while (*p < end && **p)
		(*p)++;
	char *t = xstrndup((const char *)s, (size_t)(*p - s));
	if (*p < end)
		(*p)++;
	for (const char *c = t; *c; c++)
		buf_add(fmt, *c == '%' ? "%%" : (char[]){*c, 0});
	return t;
}

static void same(const char *what, const char *fmt, const char *ours, const char *libc)
{
	if (strcmp(ours, libc) != 0) {
		fprintf(stderr, "format %s \"%s\": cshim \"%s\", libc \"%s\"\n", what, fmt, ours, libc);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct buf all = {0}, expect = {0};
	while (p < end) {
		unsigned k = *p++ % NCONV;
		unsigned long long v = take(&p, end, 8);
		struct buf fmt = {0};
		char *before = text(&p, end, &fmt);
		buf_add(&fmt, convs[k]);
		text(&p, end, &fmt); /* the text after it */
		int c = (unsigned char)v ? (unsigned char)v : 'x'; /* %c of NUL would end the C string */
		char *s = xprintf("%s%llu", before, v); /* a string argument that varies */
		char *ours, libc[512];
		switch (k) {
		case 0: case 8:
			ours = xprintf(fmt.s, s);
			snprintf(libc, sizeof libc, fmt.s, s);
			buf_addf(&all, fmt.s, s);
			break;
		case 1: case 6: case 7:
			ours = xprintf(fmt.s, (int)v);
			snprintf(libc, sizeof libc, fmt.s, (int)v);
			buf_addf(&all, fmt.s, (int)v);
			break;
		case 2:
			ours = xprintf(fmt.s, (unsigned)v);
			snprintf(libc, sizeof libc, fmt.s, (unsigned)v);
			buf_addf(&all, fmt.s, (unsigned)v);
			break;
		case 3:
			ours = xprintf(fmt.s, (size_t)v);
			snprintf(libc, sizeof libc, fmt.s, (size_t)v);
			buf_addf(&all, fmt.s, (size_t)v);
			break;
		case 4:
			ours = xprintf(fmt.s, c);
			snprintf(libc, sizeof libc, fmt.s, c);
			buf_addf(&all, fmt.s, c);
			break;
		case 9:
			ours = xprintf(fmt.s, (long long)v);
			snprintf(libc, sizeof libc, fmt.s, (long long)v);
			buf_addf(&all, fmt.s, (long long)v);
			break;
		default: /* %% */
			ours = xprintf(fmt.s, 0);
			snprintf(libc, sizeof libc, fmt.s, 0);
			buf_addf(&all, fmt.s, 0);
			break;
		}
		if (strlen(libc) < sizeof libc - 1) /* not cut short */
			same("piece", fmt.s, ours, libc);
		buf_add(&expect, ours);
	}
	same("appended", "", all.s ? all.s : "", expect.s ? expect.s : "");
	arena_free();
	return 0;
}
