/*
 * The file `update --from` reads: CSV (a header of field codes with an ID
 * column, ',' or ';', RFC 4180 quoting) or JSON Lines (one object with
 * ID per line), UTF-8 with or without a BOM, exactly what
 * `search --format csv|jsonl` writes.
 */
#ifndef B24_BULK_READ_H
#define B24_BULK_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>

#include "error.h"

/* What an empty cell (CSV) or "", null, [] (JSON Lines) means. */
enum bulk_empty {
	BULK_EMPTY_KEEP,	/* leave the field as it is (default) */
	BULK_EMPTY_CLEAR,	/* clear the field */
};

struct bulk_record {
	long line;		/* where the record starts in the file */
	cJSON *data;		/* {"ID": "5", FIELD: value...}, or NULL */
	char *problem;		/* why the record cannot be used, or NULL */
};

struct bulk_input {
	struct bulk_record *records;
	size_t count;
	const char *format;	/* "csv" or "jsonl" */
	char delimiter;		/* CSV: ',' or ';' */
	char digest[65];	/* SHA-256 of the file's bytes, hex */
};

/* "--empty keep|clear"; else exit USAGE. */
bool bulk_empty_parse(const char *text, enum bulk_empty *out,
		      struct b24_error *err);

/*
 * Read the whole file ("-": standard input).  false with err (exit
 * USAGE, nothing sent) when the file as a whole cannot be read: missing,
 * not UTF-8 (the message names the line), no ID column, an empty header
 * cell or a repeated one.  A record that cannot be used (a cell too many,
 * a line that is not a JSON object, no ID) gets a problem instead.
 */
bool bulk_read_file(const char *path, enum bulk_empty empty,
		    struct bulk_input *out, struct b24_error *err);
/* The same from text in memory (tests); text[len] must be '\0'. */
bool bulk_read_text(const char *text, size_t len, enum bulk_empty empty,
		    struct bulk_input *out, struct b24_error *err);
void bulk_input_free(struct bulk_input *in);

#endif
