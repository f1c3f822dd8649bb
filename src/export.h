/*
 * Users written out, one at a time as a search hands them over: a table
 * for a terminal, JSON output items, JSON Lines, or CSV that
 * `update --from` reads back.
 */
#ifndef B24_EXPORT_H
#define B24_EXPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <cJSON.h>

#include "error.h"
#include "strbuf.h"

enum export_format {
	EXPORT_TABLE,	/* ID, name, e-mail, position, department, active */
	EXPORT_JSON,	/* [{"json": user}, ...] as the other commands */
	EXPORT_CSV,	/* header of field codes, ID first; RFC 4180 */
	EXPORT_JSONL,	/* one user object per line */
};

/* "table", "json", "csv", "jsonl"; else exit USAGE. */
bool export_format_parse(const char *name, enum export_format *out,
			 struct b24_error *err);

/* The table's Department column for a user, appended to out. */
typedef void (*export_department_fn)(void *ctx, const cJSON *user,
				     struct strbuf *out);

struct export_options {
	enum export_format format;
	/* Field codes to write, ID always first; NULL: table the standard
	 * columns, CSV the first user's fields, JSON the whole user. */
	const cJSON *fields;
	int width;		/* table: columns of the terminal; 0: 120 */
	export_department_fn department;	/* table; NULL: numbers */
	void *department_ctx;
};

struct export;

struct export *export_new(FILE *out, const struct export_options *opt);
/* Write one user (borrowed).  False once writing has failed (a full
 * disk, a closed pipe): the search may stop. */
bool export_user(struct export *ex, const cJSON *user);
/* Close what the format opened (the JSON array, the CSV header when no
 * user came, the table's count), flush, free.  Returns 0, or the errno
 * of the first write that failed (EPIPE: the reader went away). */
int export_end(struct export *ex);

/* CSV parts, also for tests: one cell with RFC 4180 quoting (quoted when
 * it holds , ; " CR or LF, quotes doubled), appended to out. */
void export_csv_cell(struct strbuf *out, const char *text);
/* A value as CSV text: lists as "1;5", true/false as Y/N, null as "",
 * objects as compact JSON.  Free with free(). */
char *export_csv_value(const cJSON *value);

#endif
