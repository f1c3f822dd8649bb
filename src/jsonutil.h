/* Small helpers around cJSON: parsing with a position, IDs as strings. */
#ifndef B24_JSONUTIL_H
#define B24_JSONUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>

#include "error.h"

/*
 * Parse a whole text (trailing garbage refused).  On failure returns NULL
 * and fills err (exit USAGE) with "what: line L, column C: reason"; never
 * uses cJSON_GetErrorPtr (not thread-safe).
 */
cJSON *json_parse_text(const char *text, size_t len, const char *what,
		       struct b24_error *err);
/* Line and column (1-based, column in characters) of byte offset off. */
void json_position(const char *text, size_t off, int *line, int *column);
/* Case-sensitive member lookup (cJSON_GetObjectItem ignores case). */
cJSON *json_get(const cJSON *obj, const char *name);
const char *json_get_string(const cJSON *obj, const char *name);
/* A scalar as text: strings as is, numbers without exponent, true/false;
 * NULL for objects, arrays and null.  Free with free(). */
char *json_scalar_text(const cJSON *item);
/* Pretty print with two-space indent; free with free(). */
char *json_pretty(const cJSON *item);
char *json_compact(const cJSON *item);

#endif
