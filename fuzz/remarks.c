/*
 * remarks.c: fuzzes the LLVM optimization remark reader of cshim explain
 * (remarks_read in src/remarks.c) and what explain makes of its decisions.
 *
 * The input is one remarks file: a stream of YAML documents as written by
 * clang -fsave-optimization-record or lld's --opt-remarks-filename.  libyaml
 * builds each document's node tree and remarks.c walks it by hand (tags,
 * mappings, the Args sequence of one-entry mappings, scalars of any length),
 * so a malformed tree (a sequence where a mapping was expected, an empty
 * Args entry, aliases, binary scalars, missing keys) is exactly what it must
 * survive; explain.c then groups the decisions and words the verdicts from
 * whichever fields were there.  The file goes through cshim's own command
 * entry (`cshim explain FILE`, then again with --json), without --bitcode
 * or --rustflags, which read other files or run rustc.  The seeds
 * (fuzz/corpus/remarks) are cut from real remark files of clang-22 and keep
 * helper remarks, since only those are read past the first checks.
 * Reports go to /dev/null.
 */
#include "fuzz.h"
#include "cshim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_command(cmd_explain, "explain", "remarks.yaml", data, size);
	return 0;
}
