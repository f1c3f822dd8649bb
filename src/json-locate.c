/*
 * A strict JSON scanner that runs only after cJSON refused a text: cJSON
 * stops one character past a bad name and says nothing of why, so this
 * finds the first mistake itself and names it (a trailing comma, a name
 * without quotes, a missing comma or colon, a bracket never closed).
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cJSON.h>

#include "json-locate.h"
#include "jsonutil.h"
#include "xalloc.h"

/* Longest word quoted back in a message, in bytes. */
#define SHOWN_WORD 30

enum want {
	WANT_VALUE,		/* top level, after ':', after ',' in [] */
	WANT_VALUE_OR_CLOSE,	/* just after '[' */
	WANT_NAME_OR_CLOSE,	/* just after '{' */
	WANT_NAME,		/* after ',' in {} */
	WANT_COLON,
	WANT_NEXT,		/* after a value: ',' or a closing bracket */
};

struct scan {
	const char *t;
	size_t len, i;
	size_t last;		/* the last character taken */
	enum want want;
	int depth;
	char open[CJSON_NESTING_LIMIT];
	size_t open_at[CJSON_NESTING_LIMIT];
	size_t where;
	char *why;
	size_t whysz;
};

/* Record the mistake; returns false so that callers can stop at once. */
static bool fail(struct scan *s, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct scan *s, size_t at, const char *fmt, ...)
{
	va_list ap;

	s->where = at;
	va_start(ap, fmt);
	vsnprintf(s->why, s->whysz, fmt, ap);
	va_end(ap);
	return false;
}

static bool is_digit(const struct scan *s, size_t j)
{
	return j < s->len && s->t[j] >= '0' && s->t[j] <= '9';
}

/* Letters, digits, '_' and any non-ASCII byte: what an unquoted word
 * (NAME, yes, Иванов) is made of. */
static bool is_word(const struct scan *s, size_t j)
{
	unsigned char c;

	if (j >= s->len)
		return false;
	c = (unsigned char)s->t[j];
	return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static size_t word_end(const struct scan *s, size_t j)
{
	while (is_word(s, j))
		j++;
	return j;
}

/* How many bytes of a word to quote: capped, never half a character. */
static int shown(const char *w, size_t n)
{
	if (n <= SHOWN_WORD)
		return (int)n;
	n = SHOWN_WORD;
	while (n > 0 && ((unsigned char)w[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

static void taken(struct scan *s, size_t end, enum want next)
{
	s->last = end - 1;
	s->i = end;
	s->want = next;
}

static bool unexpected(struct scan *s, char c)
{
	if (c > ' ' && c < 0x7f)
		return fail(s, s->i, "unexpected %c here", c);
	return fail(s, s->i, "unexpected character here");
}

static bool push(struct scan *s, char c)
{
	if (s->depth == CJSON_NESTING_LIMIT)
		return fail(s, s->i, "brackets nested more than %d deep",
			    CJSON_NESTING_LIMIT);
	s->open[s->depth] = c;
	s->open_at[s->depth++] = s->i;
	taken(s, s->i + 1, c == '{' ? WANT_NAME_OR_CLOSE
				    : WANT_VALUE_OR_CLOSE);
	return true;
}

static bool close_bracket(struct scan *s, char c)
{
	char want = c == '}' ? '{' : '[';
	int line, column;

	if (s->depth == 0)
		return unexpected(s, c);
	if (s->open[s->depth - 1] != want) {
		json_position(s->t, s->open_at[s->depth - 1], &line, &column);
		return fail(s, s->i, "this %c does not match the %c at "
			    "line %d, column %d", c, s->open[s->depth - 1],
			    line, column);
	}
	s->depth--;
	taken(s, s->i + 1, WANT_NEXT);
	return true;
}

static bool after_comma(const struct scan *s)
{
	return s->depth > 0 && s->t[s->last] == ',';
}

static bool trailing_comma(struct scan *s, char c)
{
	return fail(s, s->last, "a trailing comma: nothing follows it "
		    "before the %c (remove the comma)", c);
}

static unsigned hex4(const struct scan *s, size_t j, bool *ok)
{
	unsigned v = 0;
	size_t k;

	*ok = j + 4 <= s->len;
	for (k = j; *ok && k < j + 4; k++) {
		char c = s->t[k];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ?
			     (unsigned)((c | 0x20) - 'a' + 10) : 16;

		*ok = d < 16;
		v = v * 16 + d;
	}
	return v;
}

/* A \uXXXX at *j; cJSON refuses half of a UTF-16 pair on its own. */
static bool unicode_escape(struct scan *s, size_t *j)
{
	bool ok;
	unsigned hi = hex4(s, *j + 2, &ok), lo;

	if (!ok)
		return fail(s, *j, "\\u needs four hex digits after it");
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return fail(s, *j, "\\u%04X is the second half of a UTF-16 "
			    "pair without its first half", hi);
	if (hi >= 0xd800 && hi <= 0xdbff) {
		lo = *j + 11 < s->len && s->t[*j + 6] == '\\' &&
		     s->t[*j + 7] == 'u' ? hex4(s, *j + 8, &ok) : 0;
		if (!ok || lo < 0xdc00 || lo > 0xdfff)
			return fail(s, *j, "\\u%04X is the first half of a "
				    "UTF-16 pair without its second half", hi);
		*j += 6;
	}
	*j += 5;
	return true;
}

/* *j is at a backslash; on return at the escape's last character. */
static bool escape(struct scan *s, size_t *j)
{
	char c = *j + 1 < s->len ? s->t[*j + 1] : '\0';

	if (c == '\0')
		return true;	/* the string is not closed: said below */
	if (c == 'u')
		return unicode_escape(s, j);
	if (!strchr("\"\\/bfnrt", c)) {
		if (c > ' ' && c < 0x7f)
			return fail(s, *j, "\\%c is not an escape JSON knows "
				    "(write \\\\ for a backslash)", c);
		return fail(s, *j, "a backslash must be followed by an "
			    "escape letter (write \\\\ for a backslash)");
	}
	*j += 1;
	return true;
}

static bool scan_string(struct scan *s, enum want next)
{
	size_t j;

	for (j = s->i + 1; j < s->len; j++) {
		if (s->t[j] == '"') {
			taken(s, j + 1, next);
			return true;
		}
		if (s->t[j] == '\\' && !escape(s, &j))
			return false;
	}
	return fail(s, s->i, "this quoted text is not closed (a \" is "
		    "missing at its end)");
}

static bool scan_number(struct scan *s)
{
	size_t j = s->i + (s->t[s->i] == '-');

	if (!is_digit(s, j))
		return fail(s, s->i, "a minus sign without a number after it");
	while (is_digit(s, j))
		j++;
	if (j < s->len && s->t[j] == '.')
		while (is_digit(s, ++j))
			;
	if (j < s->len && (s->t[j] == 'e' || s->t[j] == 'E')) {
		size_t k = j + 1;

		if (k < s->len && (s->t[k] == '+' || s->t[k] == '-'))
			k++;
		if (!is_digit(s, k))
			return fail(s, j, "the number's exponent (after %c) "
				    "has no digits", s->t[j]);
		for (j = k; is_digit(s, j); j++)
			;
	}
	taken(s, j, WANT_NEXT);
	return true;
}

static bool scan_word(struct scan *s)
{
	static const char *const words[] = { "true", "false", "null" };
	const char *w = s->t + s->i;
	size_t n = word_end(s, s->i) - s->i, k;

	for (k = 0; k < sizeof words / sizeof words[0]; k++) {
		if (n != strlen(words[k]) || strncasecmp(w, words[k], n))
			continue;
		if (strncmp(w, words[k], n) == 0) {
			taken(s, s->i + n, WANT_NEXT);
			return true;
		}
		return fail(s, s->i, "JSON writes %s in small letters",
			    words[k]);
	}
	return fail(s, s->i, "text must be in double quotes: \"%.*s\"",
		    shown(w, n), w);
}

static bool no_value(struct scan *s, char c)
{
	if (c == '\'')
		return fail(s, s->i, "text takes double quotes (\"), not "
			    "single quotes");
	if ((c == '}' || c == ']') && after_comma(s))
		return trailing_comma(s, c);
	if ((c == '}' || c == ']') && s->t[s->last] == ':')
		return fail(s, s->i, "a value is missing after the colon");
	if (c == ',')
		return fail(s, s->i, "a value is missing before this comma");
	return unexpected(s, c);
}

static bool start_value(struct scan *s, char c)
{
	if (c == '{' || c == '[')
		return push(s, c);
	if (c == '"')
		return scan_string(s, WANT_NEXT);
	if (c == '-' || (c >= '0' && c <= '9'))
		return scan_number(s);
	if (is_word(s, s->i))
		return scan_word(s);
	return no_value(s, c);
}

static bool value_or_close(struct scan *s, char c)
{
	return c == ']' ? close_bracket(s, c) : start_value(s, c);
}

static bool start_name(struct scan *s, char c)
{
	const char *w = s->t + s->i;
	int n;

	if (c == '"')
		return scan_string(s, WANT_COLON);
	if (c == '}' && after_comma(s))
		return trailing_comma(s, c);
	if (c == '\'')
		return fail(s, s->i, "names take double quotes (\"), not "
			    "single quotes");
	if (is_word(s, s->i)) {
		n = shown(w, word_end(s, s->i) - s->i);
		return fail(s, s->i, "the name %.*s needs double quotes: "
			    "\"%.*s\"", n, w, n, w);
	}
	if (c == ',')
		return fail(s, s->i, "a name in double quotes is missing "
			    "before this comma");
	return fail(s, s->i, "a name in double quotes was expected here");
}

static bool name_or_close(struct scan *s, char c)
{
	return c == '}' ? close_bracket(s, c) : start_name(s, c);
}

static bool colon(struct scan *s, char c)
{
	if (c != ':')
		return fail(s, s->i, "a colon (:) is missing after the name");
	taken(s, s->i + 1, WANT_VALUE);
	return true;
}

static bool next_or_close(struct scan *s, char c)
{
	if (s->depth == 0)
		return fail(s, s->i, "there is more text after the JSON "
			    "value");
	if (c == ',') {
		taken(s, s->i + 1, s->open[s->depth - 1] == '{' ?
				   WANT_NAME : WANT_VALUE);
		return true;
	}
	if (c == '}' || c == ']')
		return close_bracket(s, c);
	if (c == '"' || c == '{' || c == '[' || c == '-' ||
	    is_word(s, s->i))
		return fail(s, s->i, "a comma is missing before this");
	return unexpected(s, c);
}

static bool (*const step[])(struct scan *, char) = {
	[WANT_VALUE] = start_value,
	[WANT_VALUE_OR_CLOSE] = value_or_close,
	[WANT_NAME_OR_CLOSE] = name_or_close,
	[WANT_NAME] = start_name,
	[WANT_COLON] = colon,
	[WANT_NEXT] = next_or_close,
};

/* The text ran out: fine after a whole value, else name what is open. */
static bool at_end(struct scan *s)
{
	int line, column;

	if (s->depth == 0 && s->want == WANT_NEXT)
		return false;
	s->where = s->len;
	if (s->depth == 0) {
		snprintf(s->why, s->whysz, "there is no JSON text at all");
		return true;
	}
	json_position(s->t, s->open_at[s->depth - 1], &line, &column);
	snprintf(s->why, s->whysz, "the text ends too early: the %c at "
		 "line %d, column %d is not closed",
		 s->open[s->depth - 1], line, column);
	return true;
}

static size_t skip_blank(const struct scan *s, size_t j)
{
	while (j < s->len && strchr(" \t\r\n", s->t[j]) && s->t[j])
		j++;
	return j;
}

bool json_locate_error(const char *text, size_t len, size_t *off,
		       char *why, size_t whysz)
{
	struct scan *s = xcalloc(1, sizeof *s);
	bool found;

	s->t = text;
	s->len = len;
	s->why = why;
	s->whysz = whysz;
	for (;;) {
		s->i = skip_blank(s, s->i);
		if (s->i >= len) {
			found = at_end(s);
			break;
		}
		if (!step[s->want](s, text[s->i])) {
			found = true;
			break;
		}
	}
	*off = s->where;
	free(s);
	return found;
}
