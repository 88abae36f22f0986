/*
 * bench/fixture.c: builds the benchmark fixture (fixture.h) once per run.
 * Compiled with the plain compiler and linked into every driver, C and Rust,
 * so both sides start from identical memory.  The io_uring rings are fake:
 * arrays in memory laid out like the kernel's, with the SQ head aliased to
 * the SQ tail so io_uring_get_sqe() never runs out, and a CQ tail far ahead
 * of its head so io_uring_peek_cqe() always finds an entry (and never enters
 * the kernel).
 */
#include <liburing.h>
#include <stdint.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "fixture.h"
#include "kobj.h"

static unsigned long released;

static void count_release(struct kref *kref)
{
	(void)kref;
	released++;
}

static struct kref kref_a, kref_b;
static struct list_head head, node, shead, sentry;
static unsigned long wmap[16], rmap[16];
static struct io_uring ring;
static unsigned int sq_dummy, cq_head, cq_tail, kflags;
static struct io_uring_sqe sqes[8];
static struct io_uring_cqe cqes[8];
static _Alignas(64) unsigned char buf[4096];
static struct iovec iov[4];
static struct __kernel_timespec ts = {.tv_sec = 1, .tv_nsec = 500};
static struct sockaddr_storage addr;
static socklen_t addrlen = sizeof addr;
static _Alignas(64) unsigned char br_mem[sizeof(struct io_uring_buf) * 8];
static _Alignas(64) unsigned char rmsg_buf[512];
static struct msghdr msg;
static fd_set fdset;
static struct bench_fixture f;

const struct bench_fixture *bench_fixture(void)
{
	kref_init(&kref_a);
	kref_init(&kref_b);
	INIT_LIST_HEAD(&head);
	INIT_LIST_HEAD(&node);
	INIT_LIST_HEAD(&shead);
	list_add(&sentry, &shead);
	memset(wmap, 0, sizeof wmap);
	for (int b = 200; b < 1024; b += 7)
		set_bit(b, rmap);

	memset(&ring, 0, sizeof ring);
	ring.sq.khead = &ring.sq.sqe_tail; /* head == tail: the SQ never fills */
	ring.sq.ktail = &sq_dummy;
	ring.sq.kflags = &kflags;
	ring.sq.sqes = sqes;
	ring.sq.ring_mask = 7;
	ring.sq.ring_entries = 8;
	cq_head = 0;
	cq_tail = 0x80000000u; /* 2^31 completions "ready" */
	ring.cq.khead = &cq_head;
	ring.cq.ktail = &cq_tail;
	ring.cq.kflags = &kflags;
	ring.cq.cqes = cqes;
	ring.cq.ring_mask = 7;
	ring.cq.ring_entries = 8;
	ring.features = IORING_FEAT_EXT_ARG;
	ring.ring_fd = -1;
	for (int i = 0; i < 8; i++)
		cqes[i].user_data = 0x1000u + (unsigned)i;

	for (int i = 0; i < 4; i++) {
		iov[i].iov_base = buf + 1024 * i;
		iov[i].iov_len = 1024;
	}

	/* A received message: io_uring_recvmsg_out, no name, two cmsgs, payload. */
	struct io_uring_recvmsg_out *o = (struct io_uring_recvmsg_out *)rmsg_buf;
	struct cmsghdr *c1 = (struct cmsghdr *)(rmsg_buf + sizeof *o);
	size_t c1len = CMSG_SPACE(sizeof(int)), c2len = CMSG_SPACE(2 * sizeof(int));
	struct cmsghdr *c2 = (struct cmsghdr *)((unsigned char *)c1 + c1len);
	o->namelen = 0;
	o->controllen = (__u32)(c1len + c2len);
	o->payloadlen = 100;
	c1->cmsg_len = CMSG_LEN(sizeof(int));
	c1->cmsg_level = SOL_SOCKET;
	c1->cmsg_type = SCM_RIGHTS;
	c2->cmsg_len = CMSG_LEN(2 * sizeof(int));
	c2->cmsg_level = SOL_SOCKET;
	c2->cmsg_type = SCM_RIGHTS;
	msg.msg_namelen = 0;
	msg.msg_controllen = c1len + c2len;
	msg.msg_control = c1;
	FD_ZERO(&fdset);
	FD_SET(3, &fdset);

	f = (struct bench_fixture){
		.kref = &kref_a,
		.kref2 = &kref_b,
		.head = &head,
		.node = &node,
		.shead = &shead,
		.wmap = wmap,
		.rmap = rmap,
		.ring = &ring,
		.sqe = &sqes[0],
		.cqe = &cqes[0],
		.buf = buf,
		.iov = iov,
		.ts = &ts,
		.addr = &addr,
		.addrlen = &addrlen,
		.br = br_mem,
		.rmsg = rmsg_buf,
		.msg = &msg,
		.cmsg = c1,
		.fdset = &fdset,
		.release = count_release,
	};
	return &f;
}
