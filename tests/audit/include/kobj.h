/*
 * kobj.h: a small C API in the style of a kernel subsystem header, the
 * one the helper tree next to it wraps (written for cshim's tests).
 */
#ifndef KOBJ_H
#define KOBJ_H

#include <stdbool.h>

struct ref {
	int count;
};

struct node {
	struct node *next, *prev;
};

static inline void ref_get(struct ref *r)
{
	r->count++;
}

static inline int ref_read(const struct ref *r)
{
	return r->count;
}

static inline bool ref_put(struct ref *r)
{
	return --r->count == 0;
}

static inline unsigned int ref_bias(unsigned int x)
{
	return x + 1;
}

static inline long err_code(const void *p)
{
	return (long)p;
}

static inline void node_init(struct node *n)
{
	n->next = n->prev = n;
}

static inline bool node_empty(const struct node *n)
{
	return n->next == n;
}

static inline void node_add(struct node *n, struct node *head)
{
	n->next = head->next;
	n->prev = head;
	head->next->prev = n;
	head->next = n;
}

/* A real symbol: Rust can bind it directly. */
int ref_dump(const struct ref *r);

#define REF_MAX(a, b) ((a) > (b) ? (a) : (b))
#define REF_MIN(a, b) ((a) < (b) ? (a) : (b))

#endif
