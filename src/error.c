/* Filling and formatting struct b24_error. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

void b24_error_clear(struct b24_error *err)
{
	memset(err, 0, sizeof *err);
}

void b24_error_set(struct b24_error *err, enum b24_exit exit,
		   const char *code, const char *fmt, ...)
{
	va_list ap;

	err->exit = exit;
	snprintf(err->code, sizeof err->code, "%s", code ? code : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	err->hint[0] = '\0';
}

void b24_error_hint(struct b24_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof err->hint, fmt, ap);
	va_end(ap);
}

void b24_error_format(const struct b24_error *err, char *out, size_t len)
{
	int n = snprintf(out, len, "%s", err->message);

	if (err->code[0] && n >= 0 && (size_t)n < len)
		n += snprintf(out + n, len - (size_t)n, " [%s]", err->code);
	if (err->hint[0] && n >= 0 && (size_t)n < len)
		snprintf(out + n, len - (size_t)n, "\n%s", err->hint);
}
