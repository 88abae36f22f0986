/* Selection by name and a custom prefix. */
#ifndef SELECT_H
#define SELECT_H
/* Included by select.h: not selected unless --allowlist-file says so. */
static inline int dep(void) { return 0; }

static inline int sel_one(void) { return 1; }
static inline int sel_two(void) { return 2; }
static inline int sel_nope(void) { return 3; }
static inline int keep(void) { return dep() + 4; }
static inline int keeper(void) { return 5; }

#endif
