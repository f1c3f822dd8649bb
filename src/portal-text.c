/* Turning what a portal or a front-end sent (HTML, odd bytes) into short
 * plain text that is safe to show and log. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "portal-errors.h"
#include "strbuf.h"
#include "xalloc.h"

#define EXCERPT_MAX 200

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{ "lt;", "<" }, { "gt;", ">" }, { "amp;", "&" }, { "quot;", "\"" },
	{ "apos;", "'" }, { "#39;", "'" }, { "nbsp;", " " },
};

static void append_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		sb_append_char(sb, '?');
	} else if (cp < 0x80) {
		sb_append_char(sb, (char)cp);
	} else if (cp < 0x800) {
		sb_append_char(sb, (char)(0xc0 | cp >> 6));
		sb_append_char(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_append_char(sb, (char)(0xe0 | cp >> 12));
		sb_append_char(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_append_char(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_append_char(sb, (char)(0xf0 | cp >> 18));
		sb_append_char(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sb_append_char(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_append_char(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Decode the entity after '&'; returns the bytes used, 0 if unknown. */
static size_t decode_entity(struct strbuf *sb, const char *p)
{
	size_t i, n;
	char *end;
	unsigned long cp;

	for (i = 0; i < sizeof entities / sizeof entities[0]; i++) {
		n = strlen(entities[i].name);
		if (strncmp(p, entities[i].name, n) == 0) {
			sb_append(sb, entities[i].text);
			return n;
		}
	}
	if (p[0] != '#')
		return 0;
	if (p[1] == 'x' || p[1] == 'X')
		cp = strtoul(p + 2, &end, 16);
	else
		cp = strtoul(p + 1, &end, 10);
	if (*end != ';' || end == p + 1 || end == p + 2)
		return 0;
	append_utf8(sb, cp);
	return (size_t)(end - p) + 1;
}

static bool tag_is(const char *tag, const char *name)
{
	size_t n = strlen(name);

	if (*tag == '/')
		tag++;
	return strncasecmp(tag, name, n) == 0 &&
	       !isalnum((unsigned char)tag[n]);
}

/* Tags that end a line of text when the markup is removed. */
static bool breaks_line(const char *tag)
{
	static const char *const names[] = {
		"br", "p", "div", "li", "tr", "h1", "h2", "h3", "title",
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (tag_is(tag, names[i]))
			return true;
	return false;
}

/* Skip one tag starting at '<'; script and style bodies go with it. */
static const char *skip_tag(struct strbuf *sb, const char *p)
{
	const char *end = strchr(p, '>');
	const char *close;
	bool script = tag_is(p + 1, "script");

	if (!end)
		return NULL;
	if (p[1] != '/' && (script || tag_is(p + 1, "style"))) {
		close = strcasestr(end, script ? "</script" : "</style");
		end = close ? strchr(close, '>') : NULL;
		return end ? end + 1 : p + strlen(p);
	}
	if (breaks_line(p + 1))
		sb_append_char(sb, '\n');
	return end + 1;
}

char *bx_strip_html(const char *text)
{
	struct strbuf sb;
	const char *p = text ? text : "", *next;
	/* Once a '<' has no '>' after it, none has: stop looking, or a
	 * body of '<' takes quadratic time (16 MB: over an hour). */
	bool tags = true;
	size_t n;

	sb_init(&sb);
	while (*p) {
		if (*p == '<' && tags && (next = skip_tag(&sb, p)) != NULL) {
			p = next;
		} else if (*p == '&' && (n = decode_entity(&sb, p + 1)) > 0) {
			p += n + 1;
		} else {
			tags = tags && *p != '<';
			sb_append_char(&sb, *p++);
		}
	}
	return sb_steal(&sb);
}

/* Length of the valid UTF-8 character at p, or 0 when it is broken. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n, i;

	if (*p < 0x80)
		return 1;
	n = *p >= 0xf0 && *p < 0xf5 ? 4 : *p >= 0xe0 ? 3 :
	    *p >= 0xc2 && *p < 0xe0 ? 2 : 0;
	if (*p >= 0xf5)
		n = 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Code points that could reorder or hide text on a terminal: C1
 * controls, bidirectional overrides, zero-width marks. */
static bool invisible(const unsigned char *p, size_t n)
{
	unsigned cp;

	if (n == 2) {
		cp = (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return cp < 0xa0;
	}
	if (n != 3)
		return false;
	cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
	     (p[2] & 0x3f);
	return (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* One line of printable text: runs of blanks and controls become one
 * space, broken UTF-8 becomes '?'.  *bad counts the broken bytes. */
static char *one_line(const char *text, size_t *bad)
{
	struct strbuf sb;
	const unsigned char *p = (const unsigned char *)text;
	size_t n;

	sb_init(&sb);
	*bad = 0;
	while (*p) {
		n = utf8_len(p);
		if (*p <= ' ' || *p == 0x7f) {
			if (sb.len && sb.buf[sb.len - 1] != ' ')
				sb_append_char(&sb, ' ');
			p++;
		} else if (!n || invisible(p, n)) {
			sb_append_char(&sb, '?');
			(*bad)++;
			p += n ? n : 1;
		} else {
			sb_append_len(&sb, (const char *)p, n);
			p += n;
		}
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return sb_steal(&sb);
}

static bool looks_like_html(const char *text)
{
	while (isspace((unsigned char)*text))
		text++;
	return *text == '<' || strcasestr(text, "<html") ||
	       strcasestr(text, "<body") || strcasestr(text, "<title");
}

/* Cut at a character boundary, ending in "..." when shortened. */
static void copy_cut(const char *text, char *out, size_t outlen)
{
	size_t max = outlen - 1 < EXCERPT_MAX ? outlen - 1 : EXCERPT_MAX;
	size_t n = strlen(text);

	if (n <= max || max < 4) {
		n = n < max ? n : max;
		memcpy(out, text, n);
		out[n] = '\0';
		return;
	}
	n = max - 3;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	memcpy(out, text, n);
	strcpy(out + n, "...");
}

#define EXCERPT_INPUT_MAX (64 * 1024)

void bx_body_excerpt(const char *body, size_t len, char *out, size_t outlen)
{
	char *raw, *plain, *line, *safe;
	size_t i, bad, zeros = 0, total = len;

	if (!outlen)
		return;
	/* A few hundred characters come out: read no more than could
	 * matter, so a 16 MiB error page costs nothing. */
	if (len > EXCERPT_INPUT_MAX)
		len = EXCERPT_INPUT_MAX;
	raw = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		zeros += body[i] == '\0';
		raw[i] = body[i] ? body[i] : ' ';
	}
	raw[len] = '\0';
	plain = looks_like_html(raw) ? bx_strip_html(raw) : xstrdup(raw);
	line = one_line(plain, &bad);
	safe = redact_text(line);
	/* Mostly undecodable bytes say nothing to a person. */
	if ((bad + zeros) * 10 > len)
		snprintf(out, outlen, "(%zu bytes of binary data)", total);
	else
		copy_cut(safe[0] ? safe : "(empty)", out, outlen);
	free(raw);
	free(plain);
	free(line);
	free(safe);
}
