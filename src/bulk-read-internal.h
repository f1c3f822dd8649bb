/* Parts of the bulk reader shared by bulk-read.c and bulk-read-csv.c. */
#ifndef B24_BULK_READ_INTERNAL_H
#define B24_BULK_READ_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>

#include "bulk-read.h"

/* Fill err (exit USAGE, code bad_input_file) with the message and hint;
 * false. */
bool bulk_read_refuse(struct b24_error *err, const char *hint,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append a record; with a problem, data is freed and left out. */
void bulk_read_add(struct bulk_input *in, long line, cJSON *data,
		   char *problem);
/* Empty values left out (or cleared), the ID as text; the problem
 * when there is no usable ID (free with free()), else NULL. */
char *bulk_read_settle(cJSON *data, enum bulk_empty empty);
/* The CSV file (text[len] is '\0'): header, then records. */
bool bulk_read_csv(const char *text, size_t len, enum bulk_empty empty,
		   struct bulk_input *in, struct b24_error *err);

#endif
