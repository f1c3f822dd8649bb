/* The word that goes with a count: "1 row", "2 rows". */
#ifndef B24_PLURAL_H
#define B24_PLURAL_H

#include <stddef.h>

/* one when n is 1, otherwise many: printf("%zu %s", n,
 * plural(n, "row", "rows")). */
const char *plural(size_t n, const char *one, const char *many);

#endif
