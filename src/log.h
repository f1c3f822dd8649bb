/*
 * The debug log: off unless --verbose or B24USER_LOG asks for it, written
 * to a file (never to the screen curses owns), with timestamps, control
 * characters escaped and every known secret masked.
 */
#ifndef B24_LOG_H
#define B24_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Open (append) the log at path, mode 0600.  NULL path: logging stays off. */
bool log_open(const char *path, struct b24_error *err);
void log_close(void);
bool log_enabled(void);
/* Register a secret value: from now on it is masked in every log line and
 * in redact_text().  Thread-safe.  Values shorter than 4 bytes are ignored. */
void log_add_secret(const char *value);
void log_forget_secrets(void);
/* One timestamped line; thread-safe. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * A copy of text with registered secrets, webhook codes
 * (/rest/<digits>/<code>/), auth=, access_token=, refresh_token=,
 * client_secret=, the same names as JSON members ("auth": "...") and
 * "Authorization:" values masked as "***".
 * Free with free().
 */
char *redact_text(const char *text);

#endif
