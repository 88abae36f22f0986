/*
 * scenario.c: the glibc macros that take pointers, called directly from C on
 * the fixture's objects.  scenario.rs makes the same calls through the
 * generated helpers; the two outputs must be identical.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>

#include "fixture.h"

static void fdsets(void)
{
	fd_set *s = fx_fdset(0);
	FD_ZERO(s);
	FD_SET(0, s);
	FD_SET(5, s);
	FD_SET(1023, s);
	FD_CLR(5, s);
	for (int fd = 0; fd < 1024; fd++)
		if (FD_ISSET(fd, s))
			printf("FD_ISSET %d\n", fd);
}

static void cpusets(void)
{
	cpu_set_t *a = fx_cpuset(0), *b = fx_cpuset(1), *d = fx_cpuset(2);
	size_t size = CPU_ALLOC_SIZE(1024);
	CPU_ZERO(a);
	CPU_ZERO(b);
	for (int cpu = 0; cpu < 1024; cpu += 3)
		CPU_SET(cpu, a);
	for (int cpu = 0; cpu < 1024; cpu += 5)
		CPU_SET_S(cpu, size, b);
	CPU_CLR(9, a);
	CPU_CLR_S(10, size, b);
	printf("CPU_COUNT %d %d\n", CPU_COUNT(a), CPU_COUNT_S(size, b));
	printf("CPU_EQUAL %d %d\n", CPU_EQUAL(a, b), CPU_EQUAL_S(size, a, a));
	CPU_AND(d, a, b);
	printf("CPU_AND %d %d\n", CPU_COUNT(d), CPU_ISSET(15, d));
	CPU_OR(d, a, b);
	printf("CPU_OR %d %d\n", CPU_COUNT(d), CPU_ISSET_S(10, size, d));
	CPU_XOR(d, a, b);
	printf("CPU_XOR %d\n", CPU_COUNT(d));
	CPU_AND_S(size, d, a, b);
	CPU_OR_S(size, d, d, a);
	CPU_XOR_S(size, d, d, b);
	printf("CPU_*_S %d\n", CPU_COUNT_S(size, d));
	CPU_ZERO_S(size, d);
	printf("CPU_ZERO_S %d\n", CPU_COUNT(d));
	cpu_set_t *big = CPU_ALLOC(4096);
	CPU_ZERO_S(CPU_ALLOC_SIZE(4096), big);
	CPU_SET_S(4000, CPU_ALLOC_SIZE(4096), big);
	printf("CPU_ALLOC %d\n", CPU_ISSET_S(4000, CPU_ALLOC_SIZE(4096), big));
	CPU_FREE(big);
}

static void cmsgs(void)
{
	struct msghdr *m = fx_msghdr();
	const unsigned char *base = fx_control();
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c))
		printf("CMSG at %td data at %td\n", (const unsigned char *)c - base, CMSG_DATA(c) - base);
}

static void in6(void)
{
	for (int i = 0; i < FX_NADDRS; i++) {
		const struct in6_addr *a = fx_in6(i);
		printf("IN6 %d: %d%d%d%d%d%d%d%d%d%d%d%d %d\n", i, IN6_IS_ADDR_UNSPECIFIED(a), IN6_IS_ADDR_LOOPBACK(a),
		       IN6_IS_ADDR_LINKLOCAL(a), IN6_IS_ADDR_SITELOCAL(a), IN6_IS_ADDR_V4MAPPED(a),
		       IN6_IS_ADDR_V4COMPAT(a), IN6_IS_ADDR_MULTICAST(a), IN6_IS_ADDR_MC_NODELOCAL(a),
		       IN6_IS_ADDR_MC_LINKLOCAL(a), IN6_IS_ADDR_MC_SITELOCAL(a), IN6_IS_ADDR_MC_ORGLOCAL(a),
		       IN6_IS_ADDR_MC_GLOBAL(a), IN6_ARE_ADDR_EQUAL(a, fx_in6(1)));
	}
}

static void locales(void)
{
	locale_t l = fx_locale();
	for (int c = -1; c < 256; c++)
		printf("_l %d: %d%d%d%d%d%d%d%d%d%d%d%d\n", c, !!isalnum_l(c, l), !!isalpha_l(c, l), !!isblank_l(c, l),
		       !!iscntrl_l(c, l), !!isdigit_l(c, l), !!isgraph_l(c, l), !!islower_l(c, l), !!isprint_l(c, l),
		       !!ispunct_l(c, l), !!isspace_l(c, l), !!isupper_l(c, l), !!isxdigit_l(c, l));
}

int main(void)
{
	fx_init();
	fdsets();
	cpusets();
	cmsgs();
	in6();
	locales();
	const struct stat *st = fx_stat();
	printf("S_TYPEIS %d %d %d\n", S_TYPEISMQ(st), S_TYPEISSEM(st), S_TYPEISSHM(st));
	return 0;
}
