/*
 * bench/fixture.h: the objects the call-cost benchmarks operate on, built
 * once by bench_fixture() (fixture.c, plain C, linked into every driver).
 * Every field is an untyped pointer so that the C driver (driver.c) and the
 * Rust driver (driver.rs, which mirrors this struct) name the same memory
 * the same way; apis.txt's statements pass them to the APIs.
 */
#ifndef BENCH_FIXTURE_H
#define BENCH_FIXTURE_H

struct kref;

struct bench_fixture {
	void *kref;    /* struct kref, count 1 */
	void *kref2;   /* struct kref, count 1, for kref_get_unless_zero */
	void *head;    /* struct list_head, empty list */
	void *node;    /* struct list_head, not on a list */
	void *shead;   /* struct list_head, list with one entry */
	void *wmap;    /* unsigned long[16]: 1024-bit bitmap the benchmarks write */
	void *rmap;    /* unsigned long[16]: 1024-bit bitmap, first bit set is 200 */
	void *ring;    /* struct io_uring, fake rings in memory (no kernel) */
	void *sqe;     /* struct io_uring_sqe */
	void *cqe;     /* struct io_uring_cqe */
	void *buf;     /* 4096 bytes, 64-byte aligned */
	void *iov;     /* struct iovec[4] */
	void *ts;      /* struct __kernel_timespec */
	void *addr;    /* struct sockaddr_storage */
	void *addrlen; /* socklen_t */
	void *br;      /* struct io_uring_buf_ring with 8 entries */
	void *rmsg;    /* struct io_uring_recvmsg_out at the start of a recvmsg buffer */
	void *msg;     /* struct msghdr describing that buffer */
	void *cmsg;    /* first struct cmsghdr in it (two are there) */
	void *fdset;   /* fd_set with fd 3 set */
	void (*release)(struct kref *kref); /* release callback that counts */
};

const struct bench_fixture *bench_fixture(void);

#endif
