/* Helpers shared by the bulk journal and checkpoint (internal to
 * bulk-*.c). */
#ifndef B24_BULK_INTERNAL_H
#define B24_BULK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Fill err (exit USAGE) with what failed on path and errno; false. */
bool bulk_io_failed(struct b24_error *err, const char *what,
		    const char *path);

#endif
