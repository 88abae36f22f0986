/*
 * check.c: fuzzes the ELF reader of cshim check (cmd_check in src/check.c).
 *
 * The input is a binary file, checked through cshim's own command entry
 * (`cshim check FILE`, then again with --json).  libelf parses the headers,
 * but check.c trusts what they say when it walks symbol tables (entry
 * sizes, string indexes), relocations (symbol indexes into another
 * section), GOT words and the code it disassembles with capstone, and when
 * it maps an address back into a PLT section: a corrupt or hostile binary
 * must give an error or a report, never a crash.  The seeds
 * (fuzz/corpus/check) are tiny linked x86-64 binaries that call helpers
 * directly, through the PLT and through the GOT, so mutations start from
 * every path of the reader.  Reports go to /dev/null.
 */
#include "fuzz.h"
#include "cshim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_command(cmd_check, "check", "binary", data, size);
	return 0;
}
