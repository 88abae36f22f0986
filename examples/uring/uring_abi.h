/*
 * What the Rust half of the uring example needs from C besides functions:
 * the size and alignment of struct io_uring, whose storage Rust provides.
 * cshim gen reads this header with <liburing.h> and turns each macro into a
 * Rust constant with the value clang computes, so the Rust storage is sized
 * by the C compiler, never by a number copied by hand.
 */
#ifndef URING_ABI_H
#define URING_ABI_H

#include <liburing.h>

#define URING_SIZEOF_RING sizeof(struct io_uring)
#define URING_ALIGNOF_RING _Alignof(struct io_uring)

#endif
