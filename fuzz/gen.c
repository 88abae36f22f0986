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
 * outputs_commit.  libclang makes each input cost milliseconds, so expect
 * tens of executions a second.  Seeds: fuzz/corpus/gen, the headers of
 * tests/gen.
 */
#include "fuzz.h"
#include "cshim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[] = {
		"gen", (char *)fuzz_file("in.h", data, size),
		"-o", (char *)fuzz_path("out.c"), "--header", (char *)fuzz_path("out.h"),
		"--rust", (char *)fuzz_path("out.rs"), "--json", (char *)fuzz_path("out.json"),
		"--depfile", (char *)fuzz_path("out.d"), NULL,
	};
	struct options o = {0};
	struct inventory inv = {0};
	if (options_parse(&o, (int)(sizeof argv / sizeof *argv) - 1, argv, true) < 0 && parse_headers(&o, &inv) == 0) {
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
