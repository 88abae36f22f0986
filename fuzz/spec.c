/*
 * spec.c: fuzzes the --spec line parser (spec_lines in src/macros.c).
 *
 * The input is the text of one spec file.  spec_lines splits it into lines,
 * strips comments and finds each declaration's name, parameter names and
 * `= EXPR` body by hand (brackets, declarators, function pointers) before
 * clang ever sees it: hand-written string scanning is where out-of-bounds
 * reads hide, and spec files are user input.  The harness runs that parser
 * alone, without the clang probe that checks the result, so it does
 * thousands of inputs a second.  A line is only parsed to the end if it
 * names a known macro, so the names below play the headers' macros; the
 * seeds (fuzz/corpus/spec) use them.  Errors are expected; crashes, leaks
 * and undefined behaviour are not.
 */
#include "fuzz.h"
#include "parse.h"

#include <stdio.h>
#include <unistd.h>

static const char *const macro_names[] = {"M", "f", "MAX", "SQUARE", "SET_PAIR", "PAIR_SUM", "NOARGS", "TWICE",
					  "CMSG_DATA", "bswap_16", "isalnum", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o = {.prefix = DEFAULT_PREFIX, .const_prefix = DEFAULT_CONST_PREFIX};
	struct inventory inv = {0};
	struct parse p = {.o = &o, .inv = &inv};
	for (const char *const *n = macro_names; *n; n++)
		strset_add(&p.macros, *n);
	struct buf src = {0};
	struct vec probes = {0};
	spec_lines(&p, "fuzz.spec", xstrndup((const char *)data, size), &src, &probes);
	arena_free();
	return 0;
}
