/*
 * gen.c: fuzzes the whole gen pipeline on a header: options → parse_headers
 * (libclang, inline functions, macros and their probe, types) → inventory →
 * every emitter (helpers C, prototypes, Rust, JSON, depfile, scan report).
 *
 * The input is the header's text.  Headers are the input cshim exists for,
 * and the stages after libclang walk whatever it produced: odd types
 * (arrays of function pointers, bit-fields, anonymous aggregates, _Atomic,
 * vectors), invalid declarations clang recovered from, macros whose bodies
 * are not expressions, names that are Rust keywords.  Parse errors are fine
 * (cshim reports them and stops); crashes, leaks and undefined behaviour in
 * cshim are not.  The outputs stay in memory, as in a real run before
 * outputs_commit.  An input may carry a spec file too, after a line
 * "//spec": then the macro probe also checks spec lines against the
 * header.  libclang makes each input cost milliseconds, so expect tens of
 * executions a second.  Seeds: the headers of tests/gen (fuzz/run adds
 * macros.h with its spec) and the edge cases of fuzz/corpus/gen (odd types
 * and layouts, constants, forwarding macros, spec lines).
 */
#define _GNU_SOURCE /* memmem */
#include "fuzz.h"
#include "cshim.h"

#include <string.h>

static const char spec_mark[] = "\n//spec\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *spec = memmem(data, size, spec_mark, strlen(spec_mark));
	size_t header_size = spec ? (size_t)(spec - data) : size;
	char *argv[] = {
		"gen", (char *)fuzz_file("in.h", data, header_size),
		"-o", (char *)fuzz_path("out.c"), "--header", (char *)fuzz_path("out.h"),
		"--rust", (char *)fuzz_path("out.rs"), "--json", (char *)fuzz_path("out.json"),
		"--depfile", (char *)fuzz_path("out.d"), NULL, NULL, NULL,
	};
	int argc = 12;
	if (spec) {
		spec += strlen(spec_mark);
		argv[argc++] = "--spec";
		argv[argc++] = (char *)fuzz_file("in.spec", spec, size - (size_t)(spec - data));
	}
	struct options o = {0};
	struct inventory inv = {0};
	if (options_parse(&o, argc, argv, true) < 0 && parse_headers(&o, &inv) == 0) {
		struct buf out[6] = {{0}};
		emit_helpers_c(&o, &inv, o.out_c, &out[0]);
		emit_prototypes_h(&o, &inv, o.out_h, &out[1]);
		emit_rust(&o, &inv, &out[2]);
		emit_json(&o, &inv, &out[3]);
		emit_depfile(&o, &inv, &out[4]);
		emit_scan_report(&inv, &out[5]);
	}
	arena_free();
	return 0;
}
