/*
 * remarks.c: fuzzes the LLVM optimization remark reader of cshim explain
 * (remarks_read in src/remarks.c).
 *
 * The input is one remarks file: a stream of YAML documents as written by
 * clang -fsave-optimization-record or lld's --opt-remarks-filename.  libyaml
 * builds each document's node tree and remarks.c walks it by hand (tags,
 * mappings, the Args sequence of one-entry mappings, scalars of any length),
 * so a malformed tree (a sequence where a mapping was expected, an empty
 * Args entry, aliases, binary scalars) is exactly what it must survive.  The
 * seeds (fuzz/corpus/remarks) are cut from real remark files of the explain
 * fixtures and keep helper remarks, since only those are read past the
 * first checks.
 */
#include "fuzz.h"
#include "explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("remarks.yaml", data, size);
	struct remarks r = {0};
	remarks_read(&r, &path, 1, "rust_helper_");
	arena_free();
	return 0;
}
