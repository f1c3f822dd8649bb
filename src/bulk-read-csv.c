/* The CSV side of update --from: RFC 4180 records, the delimiter guessed
 * from the header, and the header's checks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk-read-internal.h"
#include "plural.h"
#include "strbuf.h"
#include "xalloc.h"

struct csv {
	const char *p, *end;
	char delim;
	long line;
};

static void push_cell(cJSON *cells, struct strbuf *cell)
{
	cJSON_AddItemToArray(cells, cJSON_CreateString(cell->buf));
	sb_free(cell);
	sb_init(cell);
}

/* One record (RFC 4180: quoted cells may hold the delimiter, quotes
 * doubled and line breaks); NULL at the end of the text. */
static cJSON *csv_record(struct csv *c, char **problem)
{
	cJSON *cells;
	struct strbuf cell;
	bool in_quotes = false, was_quoted = false;
	char ch;

	if (c->p >= c->end)
		return NULL;
	cells = cJSON_CreateArray();
	sb_init(&cell);
	while (c->p < c->end) {
		ch = *c->p++;
		if (in_quotes) {
			if (ch == '"' && c->p < c->end && *c->p == '"')
				c->p++;
			else if (ch == '"') {
				in_quotes = false;
				continue;
			}
			if (ch == '\n')
				c->line++;
			sb_append_char(&cell, ch);
		} else if (ch == '"' && !cell.len && !was_quoted) {
			in_quotes = was_quoted = true;
		} else if (ch == c->delim) {
			push_cell(cells, &cell);
			was_quoted = false;
		} else if (ch == '\r' && c->p < c->end && *c->p == '\n') {
			continue;
		} else if (ch == '\n') {
			c->line++;
			break;
		} else {
			sb_append_char(&cell, ch);
		}
	}
	if (in_quotes)
		*problem = xstrdup("a quote opened in this row is not "
				   "closed, so the rest of the file was read "
				   "as one cell: close it, or write a quote "
				   "inside a cell as \"\"");
	push_cell(cells, &cell);
	sb_free(&cell);
	return cells;
}

/* The header decides: ';' when it has more of them than ',' outside
 * quotes (a spreadsheet in a comma-decimal locale). */
static char detect_delimiter(const char *p, const char *end)
{
	size_t commas = 0, semis = 0;
	bool q = false;

	for (; p < end && (q || (*p != '\n' && *p != '\r')); p++) {
		if (*p == '"')
			q = !q;
		else if (!q && *p == ',')
			commas++;
		else if (!q && *p == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

static bool check_header(const cJSON *head, struct b24_error *err)
{
	const cJSON *a, *b;
	bool id = false;

	cJSON_ArrayForEach(a, head) {
		if (!a->valuestring[0])
			return bulk_read_refuse(err, "Give every column a "
				"field code, like NAME or EMAIL.", "The header "
				"(line 1) has a column without a name");
		id = id || strcmp(a->valuestring, "ID") == 0;
		for (b = a->next; b; b = b->next)
			if (strcmp(a->valuestring, b->valuestring) == 0)
				return bulk_read_refuse(err, "Keep one column "
					"per field.", "The column %s appears "
					"twice in the header",
					a->valuestring);
	}
	if (!id)
		return bulk_read_refuse(err, "The first line must name the "
			"fields, with the user IDs in a column called ID "
			"(upper case).", "The header (line 1) has no ID "
			"column");
	return true;
}

static cJSON *csv_object(const cJSON *head, const cJSON *cells,
			 char **problem)
{
	cJSON *obj = cJSON_CreateObject();
	const cJSON *h = head->child, *c = cells->child;
	int nh = cJSON_GetArraySize(head), nc = cJSON_GetArraySize(cells);
	char text[96];

	/* An unclosed quote, said already, is why the cells are few. */
	if (nc != nh && !*problem) {
		snprintf(text, sizeof text, "%d %s where the header has "
			 "%d %s", nc, plural((size_t)nc, "cell", "cells"), nh,
			 plural((size_t)nh, "column", "columns"));
		*problem = xstrdup(text);
	}
	for (; h && c; h = h->next, c = c->next)
		cJSON_AddStringToObject(obj, h->valuestring, c->valuestring);
	return obj;
}

static bool blank_record(const cJSON *cells)
{
	return cJSON_GetArraySize(cells) == 1 &&
	       !cells->child->valuestring[0];
}

bool bulk_read_csv(const char *text, size_t len, enum bulk_empty empty,
		     struct bulk_input *in, struct b24_error *err)
{
	struct csv c = { text, text + len, 0, 1 };
	cJSON *head, *cells, *obj;
	char *problem = NULL;
	long line;

	c.delim = in->delimiter = detect_delimiter(text, text + len);
	in->format = "csv";
	head = csv_record(&c, &problem);
	if (!head || problem || !check_header(head, err)) {
		if (!head || problem)
			bulk_read_refuse(err, "The first line must name "
				"the fields, like ID,NAME,EMAIL.",
				"The file has no usable header line");
		free(problem);
		cJSON_Delete(head);
		return false;
	}
	for (line = c.line; (cells = csv_record(&c, &problem));
	     line = c.line) {
		if (!problem && blank_record(cells)) {
			cJSON_Delete(cells);
			continue;
		}
		obj = csv_object(head, cells, &problem);
		cJSON_Delete(cells);
		if (!problem)
			problem = bulk_read_settle(obj, empty);
		bulk_read_add(in, line, obj, problem);
		problem = NULL;
	}
	cJSON_Delete(head);
	return true;
}
