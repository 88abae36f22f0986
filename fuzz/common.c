/*
 * common.c: the temporary directory and input files of the harnesses, and
 * the run of a command on one (fuzz.h).  The directory is made once per
 * process and removed at exit, so parallel or repeated runs do not share
 * files.
 */
#define _DEFAULT_SOURCE
#include "fuzz.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/cshim-fuzz-XXXXXX";
enum { NAMES = 8 };
static char paths[NAMES][sizeof dir + 32]; /* the paths handed out, removed at exit */

static void cleanup(void)
{
	for (size_t i = 0; i < NAMES && paths[i][0]; i++)
		unlink(paths[i]);
	rmdir(dir);
}

const char *fuzz_path(const char *name)
{
	static bool made;
	if (!made) {
		made = true;
		if (!mkdtemp(dir)) {
			perror("fuzz: mkdtemp");
			abort();
		}
		atexit(cleanup);
	}
	char want[sizeof *paths];
	if ((size_t)snprintf(want, sizeof want, "%s/%s", dir, name) >= sizeof want)
		abort(); /* a harness bug: the name is too long */
	size_t i = 0;
	while (i < NAMES && paths[i][0] && strcmp(paths[i], want))
		i++;
	if (i == NAMES)
		abort(); /* a harness bug: too many names */
	strcpy(paths[i], want);
	return paths[i];
}

const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	const char *p = fuzz_path(name);
	FILE *f = fopen(p, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(p);
		abort();
	}
	return p;
}

void fuzz_command(int (*run)(int, char **), const char *cmd, const char *name, const uint8_t *data, size_t size)
{
	static bool quiet;
	if (!quiet && !freopen("/dev/null", "w", stdout)) /* reports are not what is being tested */
		abort();
	quiet = true;
	char *path = (char *)fuzz_file(name, data, size);
	char *text[] = {(char *)cmd, path, NULL}, *json[] = {(char *)cmd, path, "--json", NULL};
	run(2, text);
	arena_free();
	run(3, json);
	arena_free();
	fflush(stdout);
}
