/* fixture.h: see fixture.c. */
#ifndef FIXTURE_H
#define FIXTURE_H
#include <locale.h>
#include <sched.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

#define FX_NADDRS 12
void fx_init(void);
fd_set *fx_fdset(int i);
cpu_set_t *fx_cpuset(int i);
struct msghdr *fx_msghdr(void);
const unsigned char *fx_control(void);
const struct stat *fx_stat(void);
const struct in6_addr *fx_in6(int i);
locale_t fx_locale(void);
#endif
