/* The word that goes with a count: "1 row", "2 rows". */
#include "config.h"

#include "plural.h"

const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}
