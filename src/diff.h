/*
 * Comparing field values as the portal shows them (ACTIVE true vs "Y",
 * IDs as strings vs numbers, lists of departments), and the old -> new
 * view of an edit.
 */
#ifndef B24_DIFF_H
#define B24_DIFF_H

#include <stdbool.h>
#include <cJSON.h>

#include "fields.h"

/* True when a value read from the portal (NULL when absent) and one we
 * would send mean the same: "" = null = [] = absent, true = "Y",
 * 5 = "5" = [5], [1,5] = [5,1], "1990-05-17T00:00:00+03:00" = "1990-05-17". */
bool diff_values_equal(const cJSON *portal, const cJSON *ours);
/* The value as one line of text for a person; free with free(). */
char *diff_value_text(const cJSON *value);

/* One line per changed field, "Last name (LAST_NAME): Ivanova -> Petrova"
 * (with an arrow); values as diff_value_text shows them.  Free with free(). */
char *diff_render(const cJSON *loaded, const cJSON *changed,
		  const struct field_catalog *cat);

/* The changed fields whose portal value moved between loaded and now:
 * {"FIELD": {"loaded": v, "now": v, "yours": v}}; empty when none. */
cJSON *diff_conflicts(const cJSON *loaded, const cJSON *now,
		      const cJSON *changed);
/* "FIELD: loaded X, now on the portal Y, yours Z", a line each. */
char *diff_render_conflicts(const cJSON *conflicts,
			    const struct field_catalog *cat);

/* --expect FIELD=VALUE ({"FIELD": "VALUE", ...}, values read like user
 * data) against the user now: {"FIELD": {"expected": v, "now": v}} for
 * each that does not hold; empty when all hold. */
cJSON *diff_expect_mismatches(const cJSON *now, const cJSON *expect,
			      const struct field_catalog *cat);

#endif
