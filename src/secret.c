/*
 * A secret type whose memory is wiped on free and never swapped out when
 * the system allows locking it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "secret.h"
#include "xalloc.h"

struct secret {
	size_t len;
	char *text;
};

void secret_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

struct secret *secret_new_len(const char *value, size_t len)
{
	struct secret *s = xmalloc(sizeof *s);

	s->len = len;
	s->text = xmalloc(len + 1);
	/* Best effort: keep it out of swap; failure is harmless. */
	(void)mlock(s->text, len + 1);
	memcpy(s->text, value, len);
	s->text[len] = '\0';
	return s;
}

struct secret *secret_new(const char *value)
{
	return secret_new_len(value ? value : "", value ? strlen(value) : 0);
}

struct secret *secret_dup(const struct secret *s)
{
	return s ? secret_new_len(s->text, s->len) : NULL;
}

void secret_free(struct secret *s)
{
	if (!s)
		return;
	secret_wipe(s->text, s->len + 1);
	(void)munlock(s->text, s->len + 1);
	free(s->text);
	free(s);
}

const char *secret_reveal(const struct secret *s)
{
	return s ? s->text : "";
}

size_t secret_len(const struct secret *s)
{
	return s ? s->len : 0;
}

int secret_equal(const struct secret *a, const struct secret *b)
{
	if (!a || !b)
		return a == b;
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

void secret_hint(const struct secret *s, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	if (!s || s->len < 16) {
		snprintf(out, outlen, "(%zu characters)", s ? s->len : 0);
		return;
	}
	snprintf(out, outlen, "...%s", s->text + s->len - 4);
}
