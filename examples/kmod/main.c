// SPDX-License-Identifier: GPL-2.0
/*
 * main.c: the example module.  Its init calls a few generated helpers (as
 * Rust code would, through their symbols) so that the build links them.
 */
#include <linux/module.h>
#include "cshim_helpers.h"

static int __init kmod_init(void)
{
	struct kref k;

	rust_helper_kref_init(&k);
	rust_helper_kref_get(&k);
	return rust_helper_kref_read(&k) == 2 ? 0 : -EINVAL;
}

static void __exit kmod_exit(void)
{
}

module_init(kmod_init);
module_exit(kmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cshim example: generated helpers for kernel inline APIs");
