/* cJSON helpers: parsing with a position, case-sensitive lookups, printing
 * numbers without exponents and a two-space pretty printer. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-locate.h"
#include "jsonutil.h"
#include "strbuf.h"
#include "xalloc.h"

void json_position(const char *text, size_t off, int *line, int *column)
{
	size_t i;

	*line = 1;
	*column = 1;
	for (i = 0; i < off && text[i]; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n') {
			(*line)++;
			*column = 1;
		} else if ((c & 0xc0) != 0x80) {
			/* Count characters, not UTF-8 continuation bytes. */
			(*column)++;
		}
	}
}

static size_t skip_space(const char *text, size_t len, size_t off)
{
	while (off < len && (text[off] == ' ' || text[off] == '\t' ||
			     text[off] == '\n' || text[off] == '\r'))
		off++;
	return off;
}

static void parse_failed(const char *text, size_t off, const char *what,
			 const char *reason, struct b24_error *err)
{
	int line, column;

	json_position(text, off, &line, &column);
	b24_error_set(err, B24_EXIT_USAGE, "bad_json",
		      "%s is not valid JSON: line %d, column %d: %s",
		      what, line, column, reason);
	b24_error_hint(err, "Check the quotes, commas and brackets around "
		       "that place.");
}

/* cJSON's stop offset can be one past the mistake and says nothing of
 * why: the scanner in json-locate.c finds and names the mistake. */
static void locate_failure(const char *text, size_t len, size_t off,
			   const char *what, struct b24_error *err)
{
	char why[160];

	if (skip_space(text, len, 0) >= len)
		snprintf(why, sizeof why, "there is no JSON text at all");
	else if (!json_locate_error(text, len, &off, why, sizeof why))
		snprintf(why, sizeof why, "unexpected character here");
	parse_failed(text, off, what, why, err);
}

cJSON *json_parse_text(const char *text, size_t len, const char *what,
		       struct b24_error *err)
{
	const char *end = NULL;
	cJSON *root;
	size_t off;

	if (!text)
		text = "";
	/* Stop at an embedded NUL: cJSON would anyway. */
	len = strnlen(text, len);
	root = len ? cJSON_ParseWithLengthOpts(text, len, &end, 0) : NULL;
	if (!root) {
		off = end ? (size_t)(end - text) : 0;
		locate_failure(text, len, off, what, err);
		return NULL;
	}
	off = skip_space(text, len, (size_t)(end - text));
	if (off < len) {
		cJSON_Delete(root);
		parse_failed(text, off, what,
			     "there is more text after the JSON value", err);
		return NULL;
	}
	return root;
}

cJSON *json_get(const cJSON *obj, const char *name)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

const char *json_get_string(const cJSON *obj, const char *name)
{
	return cJSON_GetStringValue(json_get(obj, name));
}

/* Rewrite %g output such as "-1.25e-07" in plain decimals. */
static void expand_exponent(struct strbuf *sb, const char *g)
{
	char digits[32];
	size_t nd = 0;
	int before = 0, pos, i;
	bool seen_point = false;
	const char *p = g;

	if (*p == '-')
		sb_append_char(sb, *p++);
	for (; *p && *p != 'e' && nd < sizeof digits; p++) {
		if (*p == '.')
			seen_point = true;
		else {
			digits[nd++] = *p;
			before += !seen_point;
		}
	}
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	pos = before + (*p == 'e' ? atoi(p + 1) : 0);
	if (pos <= 0) {
		sb_append(sb, "0.");
		for (i = pos; i < 0; i++)
			sb_append_char(sb, '0');
		sb_append_len(sb, digits, nd);
	} else if ((size_t)pos >= nd) {
		sb_append_len(sb, digits, nd);
		for (i = (int)nd; i < pos; i++)
			sb_append_char(sb, '0');
	} else {
		sb_append_len(sb, digits, (size_t)pos);
		sb_append_char(sb, '.');
		sb_append_len(sb, digits + pos, nd - (size_t)pos);
	}
}

/* The shortest text that reads back as d, never with an exponent. */
static void print_fraction(struct strbuf *sb, double d)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.15g", d);
	if (strtod(buf, NULL) != d)
		snprintf(buf, sizeof buf, "%.17g", d);
	if (strchr(buf, 'e'))
		expand_exponent(sb, buf);
	else
		sb_append(sb, buf);
}

/* Without libm: beyond 2^63 every double is a whole number anyway. */
static bool is_whole(double d)
{
	return d >= 9.2e18 || d <= -9.2e18 || d == (double)(long long)d;
}

static void print_number(struct strbuf *sb, double d)
{
	if (isnan(d) || isinf(d))
		sb_append(sb, "null");
	else if (is_whole(d))
		sb_printf(sb, "%.0f", d);
	else
		print_fraction(sb, d);
}

char *json_scalar_text(const cJSON *item)
{
	struct strbuf sb;

	if (cJSON_IsString(item))
		return xstrdup(item->valuestring);
	if (cJSON_IsBool(item))
		return xstrdup(cJSON_IsTrue(item) ? "true" : "false");
	if (!cJSON_IsNumber(item))
		return NULL;
	sb_init(&sb);
	print_number(&sb, item->valuedouble);
	return sb_steal(&sb);
}

/* The letter after a backslash for c, or 0 when c needs no short escape. */
static char short_escape(unsigned char c)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case '\b': return 'b';
	case '\f': return 'f';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	default: return 0;
	}
}

static void print_string(struct strbuf *sb, const char *s)
{
	sb_append_char(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char e = short_escape(c);

		if (e) {
			sb_append_char(sb, '\\');
			sb_append_char(sb, e);
		} else if (c < 0x20) {
			sb_printf(sb, "\\u%04x", c);
		} else {
			sb_append_char(sb, (char)c);
		}
	}
	sb_append_char(sb, '"');
}

struct printer {
	struct strbuf sb;
	bool pretty;
};

static void print_item(struct printer *p, const cJSON *item, int depth);

static void newline(struct printer *p, int depth)
{
	int i;

	if (!p->pretty)
		return;
	sb_append_char(&p->sb, '\n');
	for (i = 0; i < depth; i++)
		sb_append(&p->sb, "  ");
}

static void print_container(struct printer *p, const cJSON *item, int depth)
{
	bool obj = cJSON_IsObject(item);
	const cJSON *child;

	sb_append_char(&p->sb, obj ? '{' : '[');
	for (child = item->child; child; child = child->next) {
		newline(p, depth + 1);
		if (obj) {
			print_string(&p->sb, child->string ?
				     child->string : "");
			sb_append(&p->sb, p->pretty ? ": " : ":");
		}
		print_item(p, child, depth + 1);
		if (child->next)
			sb_append_char(&p->sb, ',');
	}
	if (item->child)
		newline(p, depth);
	sb_append_char(&p->sb, obj ? '}' : ']');
}

static void print_item(struct printer *p, const cJSON *item, int depth)
{
	if (cJSON_IsObject(item) || cJSON_IsArray(item))
		print_container(p, item, depth);
	else if (cJSON_IsString(item))
		print_string(&p->sb, item->valuestring);
	else if (cJSON_IsNumber(item))
		print_number(&p->sb, item->valuedouble);
	else if (cJSON_IsBool(item))
		sb_append(&p->sb, cJSON_IsTrue(item) ? "true" : "false");
	else if (cJSON_IsRaw(item) && item->valuestring)
		sb_append(&p->sb, item->valuestring);
	else
		sb_append(&p->sb, "null");
}

static char *print_tree(const cJSON *item, bool pretty)
{
	struct printer p = { .pretty = pretty };

	sb_init(&p.sb);
	if (item)
		print_item(&p, item, 0);
	else
		sb_append(&p.sb, "null");
	return sb_steal(&p.sb);
}

char *json_pretty(const cJSON *item)
{
	return print_tree(item, true);
}

char *json_compact(const cJSON *item)
{
	return print_tree(item, false);
}
