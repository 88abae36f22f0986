/* Names: Rust keywords, a macro that shadows the inline function, parameter
 * names that are also macros, typedef and tag namespaces. */
#ifndef NAMES_H
#define NAMES_H

struct ref { int count; };
typedef struct ref ref_t;
typedef struct node node;
struct node { int v; };

static inline int type(struct ref *match) { return match->count; }
static inline int ref_get(ref_t *self) { return ++self->count; }
static inline int node_v(node *n) { return n->v; }
static inline int twice(int x) { return 2 * x; }
#define twice(x) (twice(x) + 1000) /* C callers get something else */
static inline int clamp(int len, int v) { return v > len ? len : v; }
#define len 16 /* defined after clamp: a helper parameter named len would break */
static inline int uses_keyword(int fn, int self) { return fn + self; }

#endif
