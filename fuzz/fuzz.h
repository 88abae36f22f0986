/*
 * fuzz.h: what the libFuzzer harnesses of fuzz/ share.  Each harness is one
 * file defining LLVMFuzzerTestOneInput that feeds the input to one of
 * cshim's own stages, linked against cshim's objects (all of src/ but
 * main.c).  Stages that read a path get the input as a file in a private
 * temporary directory; every run's arena is freed before the next input, so
 * memory stays flat and LeakSanitizer sees only real leaks.
 */
#ifndef CSHIM_FUZZ_H
#define CSHIM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Path of a file named name in the harness's temporary directory (made on first use). */
const char *fuzz_path(const char *name);
/* Write the input to fuzz_path(name) and return that path. */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);
/*
 * Run cshim's command entry run (cmd_check, cmd_explain) as `cshim CMD FILE`
 * and `cshim CMD FILE --json` on the input written as file name, with
 * standard output sent to /dev/null, freeing the arena after each.
 */
void fuzz_command(int (*run)(int, char **), const char *cmd, const char *name, const uint8_t *data, size_t size);

#endif
