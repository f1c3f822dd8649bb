/* Sub-requests of a Bitrix24 batch call: encoding and reading answers. */
#ifndef B24_BATCH_H
#define B24_BATCH_H

#include <stdbool.h>
#include <cJSON.h>

#include "error.h"

/* "method?query" with params in PHP's bracket form (A[0]=1&B[K]=v),
 * percent-encoded UTF-8; null members are left out.  Free with free(). */
char *batch_command(const char *method, const cJSON *params);

/*
 * The answer of sub-request key in a batch result ({"result": {...},
 * "result_error": {...}}).  On a sub-request error returns false with err
 * filled from the Bitrix24 code; when the key has no answer at all (the
 * batch halted before it), code "batch_not_run".
 */
bool batch_sub_result(const cJSON *batch_result, const char *key,
		      const cJSON **result, struct b24_error *err);

#endif
