/* Included by select.h: not selected unless --allowlist-file says so. */
static inline int dep(void) { return 0; }
