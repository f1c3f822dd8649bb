/* The debug log file: timestamped lines, escaped and redacted, written
 * under a lock so the worker and the main thread can both use it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "now.h"
#include "secret.h"
#include "strbuf.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_fp;

bool log_open(const char *path, struct b24_error *err)
{
	struct stat st;
	FILE *fp;
	int fd;

	if (!path)
		return true;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		b24_error_set(err, B24_EXIT_USAGE, "log_open_failed",
			      "Cannot open the debug log %s: %s", path,
			      strerror(errno));
		b24_error_hint(err, "Choose another file with B24USER_LOG or "
			       "check the directory's permissions.");
		return false;
	}
	/* An older log may have been created with looser permissions;
	 * leave devices such as /dev/stderr alone. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		(void)fchmod(fd, 0600);
	fp = fdopen(fd, "a");
	if (!fp) {
		close(fd);
		b24_error_set(err, B24_EXIT_USAGE, "log_open_failed",
			      "Cannot write the debug log %s", path);
		return false;
	}
	pthread_mutex_lock(&log_lock);
	if (log_fp)
		fclose(log_fp);
	log_fp = fp;
	pthread_mutex_unlock(&log_lock);
	return true;
}

void log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fp)
		fclose(log_fp);
	log_fp = NULL;
	pthread_mutex_unlock(&log_lock);
}

bool log_enabled(void)
{
	return __atomic_load_n(&log_fp, __ATOMIC_RELAXED) != NULL;
}

/* Control characters would let a response forge log lines. */
static void append_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			sb_append(sb, "\\n");
		else if (c == '\r')
			sb_append(sb, "\\r");
		else if (c == '\t')
			sb_append(sb, "\\t");
		else if (c < 0x20 || c == 0x7f)
			sb_printf(sb, "\\x%02x", c);
		else
			sb_append_char(sb, (char)c);
	}
}

static void append_timestamp(struct strbuf *sb)
{
	char buf[48];

	now_iso_ms(buf, sizeof buf);
	sb_printf(sb, "%s ", buf);
}

void log_debug(const char *fmt, ...)
{
	struct strbuf raw, line;
	char *clean;
	va_list ap;

	if (!log_enabled())
		return;
	sb_init(&raw);
	va_start(ap, fmt);
	sb_vprintf(&raw, fmt, ap);
	va_end(ap);
	clean = redact_text(raw.buf);
	secret_wipe(raw.buf, raw.len);
	sb_free(&raw);

	sb_init(&line);
	append_timestamp(&line);
	append_escaped(&line, clean);
	sb_append_char(&line, '\n');
	free(clean);

	pthread_mutex_lock(&log_lock);
	if (log_fp) {
		fputs(line.buf, log_fp);
		fflush(log_fp);
	}
	pthread_mutex_unlock(&log_lock);
	sb_free(&line);
}
