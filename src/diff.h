/*
 * Comparing field values as the portal shows them (ACTIVE true vs "Y",
 * IDs as strings vs numbers, lists of departments), and the old -> new
 * view of an edit.
 */
#ifndef B24_DIFF_H
#define B24_DIFF_H

#include <stdbool.h>
#include <cJSON.h>

/* True when a value read from the portal (NULL when absent) and one we
 * would send mean the same: "" = null = [] = absent, true = "Y",
 * 5 = "5" = [5], [1,5] = [5,1], "1990-05-17T00:00:00+03:00" = "1990-05-17". */
bool diff_values_equal(const cJSON *portal, const cJSON *ours);
/* The value as one line of text for a person; free with free(). */
char *diff_value_text(const cJSON *value);

#endif
