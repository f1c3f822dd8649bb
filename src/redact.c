/* Masking secrets in text bound for the debug log or a person's screen:
 * registered values plus the shapes secrets travel in (webhook paths,
 * auth= parameters, "auth" JSON members, Authorization headers). */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

#define MASK "***"

static pthread_mutex_t secrets_lock = PTHREAD_MUTEX_INITIALIZER;
static char **secrets;		/* longest first, so overlaps mask fully */
static size_t nsecrets;

/* Parameter and JSON member names whose values are always secret. */
static const char *const secret_keys[] = {
	"auth", "access_token", "refresh_token", "client_secret",
};
#define NKEYS (sizeof secret_keys / sizeof secret_keys[0])

static int longer_first(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a);
	size_t lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

static bool known_secret(const char *value)
{
	size_t i;

	for (i = 0; i < nsecrets; i++)
		if (strcmp(secrets[i], value) == 0)
			return true;
	return false;
}

void log_add_secret(const char *value)
{
	if (!value || strlen(value) < 4)
		return;
	pthread_mutex_lock(&secrets_lock);
	if (!known_secret(value)) {
		secrets = xrealloc(secrets, (nsecrets + 1) * sizeof *secrets);
		secrets[nsecrets++] = xstrdup(value);
		qsort(secrets, nsecrets, sizeof *secrets, longer_first);
	}
	pthread_mutex_unlock(&secrets_lock);
}

void log_forget_secrets(void)
{
	size_t i;

	pthread_mutex_lock(&secrets_lock);
	for (i = 0; i < nsecrets; i++) {
		secret_wipe(secrets[i], strlen(secrets[i]));
		free(secrets[i]);
	}
	free(secrets);
	secrets = NULL;
	nsecrets = 0;
	pthread_mutex_unlock(&secrets_lock);
}

/* Length of the registered secret that starts at p, or 0. */
static size_t secret_at(const char *p)
{
	size_t i, n;

	for (i = 0; i < nsecrets; i++) {
		n = strlen(secrets[i]);
		if (strncmp(p, secrets[i], n) == 0)
			return n;
	}
	return 0;
}

static char *mask_registered(const char *text)
{
	struct strbuf sb;
	size_t n;

	sb_init(&sb);
	pthread_mutex_lock(&secrets_lock);
	while (*text) {
		n = secret_at(text);
		if (n) {
			sb_append(&sb, MASK);
			text += n;
		} else {
			sb_append_char(&sb, *text++);
		}
	}
	pthread_mutex_unlock(&secrets_lock);
	return sb_steal(&sb);
}

/* Where a value in a URL, header or log line ends. */
static size_t value_len(const char *p, const char *stops)
{
	size_t n = 0;

	while (p[n] && !strchr(stops, p[n]) && (unsigned char)p[n] > ' ')
		n++;
	return n;
}

/* /rest/<digits>/<code>: the code is the webhook's password. */
static size_t webhook_code_at(const char *p, size_t *skip)
{
	size_t n = strlen("/rest/");

	if (strncmp(p, "/rest/", n) != 0 || !isdigit((unsigned char)p[n]))
		return 0;
	while (isdigit((unsigned char)p[n]))
		n++;
	if (p[n] != '/')
		return 0;
	*skip = n + 1;
	return value_len(p + *skip, "/?#&\"'\\");
}

static bool word_start(const char *text, const char *p)
{
	return p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
}

/* auth=VALUE and friends, in query strings and form bodies. */
static size_t param_at(const char *text, const char *p, size_t *skip)
{
	size_t i, n;

	if (!word_start(text, p))
		return 0;
	for (i = 0; i < NKEYS; i++) {
		n = strlen(secret_keys[i]);
		if (strncasecmp(p, secret_keys[i], n) == 0 && p[n] == '=') {
			*skip = n + 1;
			return value_len(p + *skip, "&\"',;");
		}
	}
	return 0;
}

static size_t json_string_len(const char *p)
{
	size_t n = 0;

	while (p[n] && p[n] != '"') {
		if (p[n] == '\\' && p[n + 1])
			n++;
		n++;
	}
	return n;
}

/* "auth": "VALUE" and friends in JSON text. */
static size_t member_at(const char *p, size_t *skip)
{
	size_t i, n;

	if (*p != '"')
		return 0;
	for (i = 0; i < NKEYS; i++) {
		n = strlen(secret_keys[i]);
		if (strncmp(p + 1, secret_keys[i], n) == 0 && p[n + 1] == '"')
			break;
	}
	if (i == NKEYS)
		return 0;
	n += 2;
	while (p[n] == ' ' || p[n] == '\t')
		n++;
	if (p[n++] != ':')
		return 0;
	while (p[n] == ' ' || p[n] == '\t')
		n++;
	if (p[n] != '"')
		return 0;
	*skip = n + 1;
	return json_string_len(p + *skip);
}

/* Authorization: and Proxy-Authorization: header values, to line end. */
static size_t header_at(const char *p, size_t *skip)
{
	size_t n = strlen("authorization:"), len = 0;

	if (strncasecmp(p, "authorization:", n) != 0)
		return 0;
	while (p[n] == ' ' || p[n] == '\t')
		n++;
	*skip = n;
	while (p[n + len] && p[n + len] != '\r' && p[n + len] != '\n')
		len++;
	return len;
}

static char *mask_shapes(const char *text)
{
	struct strbuf sb;
	const char *p = text;
	size_t skip = 0, len;

	sb_init(&sb);
	while (*p) {
		len = webhook_code_at(p, &skip);
		if (!len)
			len = param_at(text, p, &skip);
		if (!len)
			len = member_at(p, &skip);
		if (!len)
			len = header_at(p, &skip);
		if (len) {
			sb_append_len(&sb, p, skip);
			sb_append(&sb, MASK);
			p += skip + len;
		} else {
			sb_append_char(&sb, *p++);
		}
	}
	return sb_steal(&sb);
}

char *redact_text(const char *text)
{
	char *first, *out;

	first = mask_registered(text ? text : "");
	out = mask_shapes(first);
	secret_wipe(first, strlen(first));
	free(first);
	return out;
}
