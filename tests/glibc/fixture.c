/*
 * fixture.c: the objects scenario.c and scenario.rs both work on, built in
 * C (the generated Rust declares these glibc types opaque: they are only
 * passed by pointer), so the two programs start from identical state.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <locale.h>
#include <sched.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "fixture.h"

static fd_set fdsets[3];
static cpu_set_t cpusets[3];
static struct msghdr msg;
static union {
	struct cmsghdr align;
	unsigned char buf[256];
} control;
static struct in6_addr addrs[FX_NADDRS];
static struct stat st;

fd_set *fx_fdset(int i) { return &fdsets[i]; }
cpu_set_t *fx_cpuset(int i) { return &cpusets[i]; }
const unsigned char *fx_control(void) { return control.buf; }
const struct stat *fx_stat(void) { return &st; }
const struct in6_addr *fx_in6(int i) { return &addrs[i]; }

/* Three control messages with 4, 9 and 16 bytes of data, laid out by hand. */
struct msghdr *fx_msghdr(void)
{
	static const size_t lens[] = {4, 9, 16};
	size_t off = 0;
	memset(&control, 0, sizeof control);
	for (int i = 0; i < 3; i++) {
		struct cmsghdr *c = (struct cmsghdr *)(control.buf + off);
		c->cmsg_len = sizeof(struct cmsghdr) + lens[i];
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = i;
		off += (sizeof(struct cmsghdr) + lens[i] + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1);
	}
	msg.msg_control = control.buf;
	msg.msg_controllen = off;
	return &msg;
}

void fx_init(void)
{
	static const char *const text[FX_NADDRS] = {
		"::", "::1", "fe80::1", "fec0::1", "::ffff:1.2.3.4", "::1.2.3.4",
		"ff01::1", "ff02::1", "ff05::1", "ff08::1", "ff0e::1", "2001:db8::1",
	};
	for (int i = 0; i < FX_NADDRS; i++)
		inet_pton(AF_INET6, text[i], &addrs[i]);
	memset(fdsets, 0xa5, sizeof fdsets);
	memset(cpusets, 0x5a, sizeof cpusets);
}

locale_t fx_locale(void)
{
	static locale_t c;
	if (!c)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return c;
}
