/* Where and why a JSON text goes wrong, in words a person can act on. */
#ifndef B24_JSON_LOCATE_H
#define B24_JSON_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Scan text (len bytes, no NUL inside) as JSON.  On the first mistake
 * returns true with its byte offset in *off and a short reason in why
 * ("a comma before } ..."); false when the scanner finds nothing wrong.
 */
bool json_locate_error(const char *text, size_t len, size_t *off,
		       char *why, size_t whysz);

#endif
