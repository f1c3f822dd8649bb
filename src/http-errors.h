/* Transport failures in plain words (internal to http.c). */
#ifndef B24_HTTP_ERRORS_H
#define B24_HTTP_ERRORS_H

#include <stdbool.h>
#include <stddef.h>
#include <curl/curl.h>

#include "error.h"

void http_fail_insecure(struct b24_error *err);
void http_fail_setup(struct b24_error *err);
void http_fail_cancelled(struct b24_error *err, bool sent);
void http_fail_curl(struct b24_error *err, CURLcode res, const char *errbuf,
		    bool over_cap, size_t max_body);

#endif
