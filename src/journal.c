/* The change journal file: locked appends flushed to disk, and reading
 * it back with a torn last line tolerated. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "journal.h"
#include "log.h"
#include "now.h"
#include "paths.h"
#include "strbuf.h"
#include "xalloc.h"

char *journal_default_path(void)
{
	return paths_state_file("journal.jsonl");
}

static bool io_failed(struct b24_error *err, const char *what,
		      const char *path)
{
	b24_error_set(err, B24_EXIT_USAGE, "journal_failed",
		      "Could not %s the change journal %s: %s", what, path,
		      strerror(errno));
	b24_error_hint(err, "Nothing was sent.  Check the free space and "
		       "the permissions of that folder.");
	return false;
}

/* The whole file as a string; an empty one when it does not exist. */
static bool slurp(int fd, struct strbuf *sb)
{
	char buf[8192];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return false;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		sb_append_len(sb, buf, (size_t)n);
	return n == 0;
}

/* Calls fn for every line that parses; returns how many did not. */
static size_t each_line(const char *text,
			void (*fn)(const cJSON *obj, void *ctx), void *ctx)
{
	const char *line = text, *nl, *end;
	size_t skipped = 0;
	cJSON *obj;

	for (; *line; line = *nl ? nl + 1 : nl) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (nl == line)
			continue;
		obj = cJSON_ParseWithLengthOpts(line, (size_t)(nl - line),
						&end, false);
		if (obj && cJSON_IsObject(obj) && end == nl)
			fn(obj, ctx);
		else
			skipped++;
		cJSON_Delete(obj);
	}
	return skipped;
}

static void max_seq(const cJSON *obj, void *ctx)
{
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(obj, "seq");
	long *max = ctx;

	if (cJSON_IsNumber(seq) && seq->valuedouble > *max)
		*max = (long)seq->valuedouble;
}

/* The largest seq: our whole lines start with {"seq":N (entry_line's
 * order) and end with }, so only other lines (a torn one) are parsed.
 * A journal of thousands of bulk entries is scanned once per batch. */
static long scan_max_seq(const char *text)
{
	const char *line = text, *nl;
	long max = 0, v;
	cJSON *obj;

	for (; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl && nl > line && nl[-1] == '}' &&
		    strncmp(line, "{\"seq\":", 7) == 0) {
			v = strtol(line + 7, NULL, 10);
			max = v > max ? v : max;
			continue;
		}
		obj = cJSON_ParseWithLength(line, nl ? (size_t)(nl - line)
						     : strlen(line));
		if (obj)
			max_seq(obj, &max);
		cJSON_Delete(obj);
	}
	return max;
}

/* A line that might carry a secret is never written as is. */
static char *entry_line(const struct journal_entry *e)
{
	cJSON *obj = journal_entry_to_json(e);
	char *text = cJSON_PrintUnformatted(obj);
	char *safe = redact_text(text);
	char *line;

	if (strcmp(safe, text) != 0) {
		cJSON_ReplaceItemInObjectCaseSensitive(obj, "fields",
			cJSON_CreateString("(withheld: looked like a secret)"));
		free(safe);
		cJSON_free(text);
		text = cJSON_PrintUnformatted(obj);
		safe = redact_text(text);
	}
	line = xmalloc(strlen(safe) + 2);
	sprintf(line, "%s\n", safe);
	free(safe);
	cJSON_free(text);
	cJSON_Delete(obj);
	return line;
}

/* Whether the file ends inside a line (a torn write): ours then start
 * on a line of their own. */
static bool ends_torn(int fd)
{
	struct stat st;
	char last;

	return fstat(fd, &st) == 0 && st.st_size > 0 &&
	       pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n';
}

static void stamp(struct journal_entry *e)
{
	now_iso(e->time, sizeof e->time);
}

/* Under the lock: with first, read the file for the next seq; then
 * append the n lines in one write and fsync. */
static bool append(const char *path, struct journal_entry *e, size_t n,
		   bool first, struct b24_error *err)
{
	struct strbuf sb, lines;
	long max = 0;
	char *line;
	size_t i;
	bool ok;
	int fd;

	if (!paths_make_parent(path, err))
		return false;
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_failed(err, "open", path);
	sb_init(&sb);
	sb_init(&lines);
	ok = flock(fd, LOCK_EX) == 0 && (!first || slurp(fd, &sb));
	if (ok && first)
		max = scan_max_seq(sb.buf ? sb.buf : "");
	if (ok && ends_torn(fd))
		sb_append_char(&lines, '\n');
	for (i = 0; ok && i < n; i++) {
		if (first)
			e[i].seq = ++max;
		line = entry_line(&e[i]);
		sb_append(&lines, line);
		free(line);
	}
	ok = ok && fileio_write_all(fd, lines.buf ? lines.buf : "",
				    lines.len) && fsync(fd) == 0;
	if (!ok)
		io_failed(err, "write to", path);
	sb_free(&lines);
	sb_free(&sb);
	close(fd);
	return ok;
}

bool journal_begin(const char *path, struct journal_entry *e,
		   struct b24_error *err)
{
	stamp(e);
	e->outcome = JOURNAL_PENDING;
	e->verified = -1;
	return append(path, e, 1, true, err);
}

bool journal_note(const char *path, struct journal_entry *e,
		  struct b24_error *err)
{
	stamp(e);
	return append(path, e, 1, true, err);
}

bool journal_finish(const char *path, const struct journal_entry *e,
		    struct b24_error *err)
{
	struct journal_entry copy = *e;

	return append(path, &copy, 1, false, err);
}

bool journal_append_batch(const char *path, struct journal_entry *e,
			  size_t n, bool begin, struct b24_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		stamp(&e[i]);
		if (begin) {
			e[i].outcome = JOURNAL_PENDING;
			e[i].verified = -1;
		}
	}
	return n == 0 || append(path, e, n, begin, err);
}

enum journal_outcome journal_outcome_of(const struct b24_error *err)
{
	if (err->exit == B24_EXIT_UNVERIFIED ||
	    strcmp(err->code, "outcome_unknown") == 0)
		return JOURNAL_UNKNOWN;
	/* A redirect comes from the old address's front end: the portal
	 * never ran the write, and b24user does not follow it. */
	if (strcmp(err->code, "portal_moved") == 0)
		return JOURNAL_REFUSED;
	if (err->exit == B24_EXIT_NETWORK && err->reached_portal)
		return JOURNAL_UNKNOWN;
	return JOURNAL_REFUSED;
}

static void add_entry(const cJSON *obj, void *ctx)
{
	struct journal_list *l = ctx;
	struct journal_entry e;
	size_t i;

	if (!journal_entry_from_json(obj, &e))
		return;
	for (i = 0; i < l->count; i++) {
		if (l->entries[i].seq == e.seq) {
			journal_entry_clear(&l->entries[i]);
			l->entries[i] = e;
			return;
		}
	}
	l->entries = xrealloc(l->entries, (l->count + 1) * sizeof e);
	l->entries[l->count++] = e;
}

static int by_seq(const void *a, const void *b)
{
	long x = ((const struct journal_entry *)a)->seq;
	long y = ((const struct journal_entry *)b)->seq;

	return x < y ? -1 : x > y;
}

bool journal_read(const char *path, struct journal_list *out,
		  struct b24_error *err)
{
	struct strbuf sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(out, 0, sizeof *out);
	if (fd < 0 && errno == ENOENT)
		return true;
	if (fd < 0)
		return io_failed(err, "read", path);
	sb_init(&sb);
	if (flock(fd, LOCK_SH) != 0 || !slurp(fd, &sb)) {
		sb_free(&sb);
		close(fd);
		return io_failed(err, "read", path);
	}
	close(fd);
	out->skipped = each_line(sb.buf, add_entry, out);
	sb_free(&sb);
	qsort(out->entries, out->count, sizeof *out->entries, by_seq);
	return true;
}

void journal_list_free(struct journal_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		journal_entry_clear(&l->entries[i]);
	free(l->entries);
	memset(l, 0, sizeof *l);
}
