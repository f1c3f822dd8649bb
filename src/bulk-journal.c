/* The journal entries of a bulk run: a batch of rows under one lock and
 * one fsync, in journal.h's format with the run's id; and the file
 * helpers the checkpoint shares. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "bulk-internal.h"
#include "bulk-state.h"
#include "journal.h"
#include "log.h"
#include "paths.h"
#include "strbuf.h"
#include "xalloc.h"

bool bulk_io_failed(struct b24_error *err, const char *what,
		      const char *path)
{
	b24_error_set(err, B24_EXIT_USAGE, "state_failed",
		      "Could not %s %s: %s", what, path, strerror(errno));
	b24_error_hint(err, "Check the free space and the permissions of "
		       "that folder.");
	return false;
}

bool bulk_make_parent(const char *path, struct b24_error *err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok = true;

	if (slash && slash != dir) {
		*slash = '\0';
		ok = paths_make_dir(dir, err);
	}
	free(dir);
	return ok;
}

bool bulk_write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}

void bulk_stamp_now(char *out, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The largest seq in the journal: lines start with {"seq":N (journal.h's
 * order), so no line needs parsing. */
static long max_seq(int fd, bool *torn)
{
	struct strbuf sb;
	char buf[65536], *p;
	ssize_t n;
	long max = 0, v;

	sb_init(&sb);
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		sb_append_len(&sb, buf, (size_t)n);
	for (p = sb.buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (strncmp(p, "{\"seq\":", 7) != 0)
			continue;
		v = strtol(p + 7, NULL, 10);
		if (v > max)
			max = v;
	}
	*torn = sb.len && sb.buf[sb.len - 1] != '\n';
	sb_free(&sb);
	return max;
}

static void entry_of(const struct bulk_state_ctx *c, struct bulk_row *r,
		     struct journal_entry *e)
{
	memset(e, 0, sizeof *e);
	e->seq = r->seq;
	e->profile = (char *)c->profile;
	e->portal = (char *)c->portal;
	e->user_id = r->user_id;
	e->operator = (char *)c->operator;
	e->fields = r->fields;
	e->verified = -1;
}

static enum journal_outcome outcome_of(const struct bulk_row *r)
{
	switch (r->state) {
	case BULK_DONE:
	case BULK_EARLIER:
		return JOURNAL_DONE;
	case BULK_UNKNOWN:
		return JOURNAL_UNKNOWN;
	case BULK_SENT:
		return JOURNAL_PENDING;
	default:
		return JOURNAL_REFUSED;
	}
}

/* One journal line, secrets withheld as journal.c does. */
static void add_line(struct strbuf *sb, const struct bulk_state_ctx *c,
		     const struct journal_entry *e)
{
	cJSON *obj = journal_entry_to_json(e);
	char *text, *safe;

	cJSON_AddStringToObject(obj, "run", c->run);
	text = cJSON_PrintUnformatted(obj);
	safe = redact_text(text);
	if (strcmp(safe, text) != 0) {
		cJSON_ReplaceItemInObjectCaseSensitive(obj, "fields",
			cJSON_CreateString("(withheld: looked like a secret)"));
		free(safe);
		cJSON_free(text);
		text = cJSON_PrintUnformatted(obj);
		safe = redact_text(text);
	}
	sb_printf(sb, "%s\n", safe);
	free(safe);
	cJSON_free(text);
	cJSON_Delete(obj);
}

static bool append(const struct bulk_state_ctx *c, struct bulk_row **rows,
		   size_t n, bool begin, struct b24_error *err)
{
	char *owned = c->journal_path ? NULL : journal_default_path();
	const char *path = owned ? owned : c->journal_path;
	struct journal_entry e;
	struct strbuf sb;
	long seq = 0;
	size_t i;
	bool ok, torn = false;
	int fd = -1;

	if (!bulk_make_parent(path, err) ||
	    (fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
		       0600)) < 0) {
		if (fd < 0)
			bulk_io_failed(err, "open the change journal", path);
		free(owned);
		return false;
	}
	sb_init(&sb);
	ok = flock(fd, LOCK_EX) == 0 && (seq = max_seq(fd, &torn)) >= 0;
	/* A torn last line gets its newline first so ours stay whole. */
	if (ok && torn)
		sb_append_char(&sb, '\n');
	for (i = 0; ok && i < n; i++) {
		if (begin)
			rows[i]->seq = ++seq;
		entry_of(c, rows[i], &e);
		bulk_stamp_now(e.time, sizeof e.time);
		e.outcome = begin ? JOURNAL_PENDING : outcome_of(rows[i]);
		if (!begin) {
			e.verified = rows[i]->verified;
			e.dropped = rows[i]->verified == 0 ?
				    rows[i]->dropped : NULL;
		}
		add_line(&sb, c, &e);
	}
	ok = ok && bulk_write_all(fd, sb.buf ? sb.buf : "", sb.len) &&
	     fsync(fd) == 0;
	if (!ok)
		bulk_io_failed(err, "write to the change journal", path);
	sb_free(&sb);
	close(fd);
	free(owned);
	return ok;
}

bool bulk_journal_begin(const struct bulk_state_ctx *c,
			struct bulk_row **rows, size_t n,
			struct b24_error *err)
{
	return n == 0 || append(c, rows, n, true, err);
}

bool bulk_journal_finish(const struct bulk_state_ctx *c,
			 struct bulk_row **rows, size_t n,
			 struct b24_error *err)
{
	return n == 0 || append(c, rows, n, false, err);
}
