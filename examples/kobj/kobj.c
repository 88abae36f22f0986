/* kobj.c: the few real symbols of kobj.h. */
#include "kobj.h"

static unsigned long released;

const char *kobj_version(void)
{
	return "kobj 1.0";
}

void kobj_count_release(struct kref *kref)
{
	(void)kref;
	__atomic_fetch_add(&released, 1, __ATOMIC_RELAXED);
}

unsigned long kobj_released(void)
{
	return __atomic_load_n(&released, __ATOMIC_RELAXED);
}
