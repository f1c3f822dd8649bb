/*
 * The one error convention: a function that can fail returns false (or a
 * negative number) and fills a struct b24_error.  The same text goes to
 * the log pane in the console and to stderr on the command line.
 */
#ifndef B24_ERROR_H
#define B24_ERROR_H

#include <stdbool.h>

/* Exit statuses: a contract with scripts, never renumber. */
enum b24_exit {
	B24_EXIT_OK = 0,
	B24_EXIT_REFUSED = 1,	/* the portal refused the request */
	B24_EXIT_USAGE = 2,	/* bad input or usage, nothing sent */
	B24_EXIT_AUTH = 3,	/* authentication or credentials */
	B24_EXIT_NETWORK = 4,	/* network, TLS or timeout */
	B24_EXIT_LIMIT = 5,	/* rate or time limit still exceeded */
	B24_EXIT_STOPPED = 6,	/* stopped on purpose, nothing sent */
	B24_EXIT_UNVERIFIED = 7, /* written, read-back differs or unknown */
	B24_EXIT_INTERRUPTED = 130,
};

struct b24_error {
	enum b24_exit exit;
	char code[64];		/* Bitrix24 code, or ours in lower case */
	char message[512];	/* what happened, for a person */
	char hint[512];		/* what to do next; may be empty */
	long http_status;	/* 0 when there was no HTTP answer */
	bool reached_portal;	/* the request may have left this machine */
};

void b24_error_clear(struct b24_error *err);
/* Fill exit, code and message; the hint is cleared. */
void b24_error_set(struct b24_error *err, enum b24_exit exit,
		   const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void b24_error_hint(struct b24_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "message [CODE]\nhint" in one buffer, for stderr or the log pane. */
void b24_error_format(const struct b24_error *err, char *out, size_t len);

#endif
