/* The checkpoint of a bulk run: written before and after every batch,
 * read back by --resume. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "bulk-internal.h"
#include "bulk-state.h"
#include "fileio.h"
#include "journal.h"
#include "jsonutil.h"
#include "log.h"
#include "now.h"
#include "paths.h"
#include "strbuf.h"
#include "xalloc.h"

/* Single quotes unless every byte is plainly safe in a shell. */
static void shell_word(struct strbuf *sb, const char *s)
{
	const char *p;

	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
			 "wxyz0123456789_./-+,:@%=") == strlen(s)) {
		sb_append(sb, s);
		return;
	}
	sb_append_char(sb, '\'');
	for (p = s; *p; p++)
		if (*p == '\'')
			sb_append(sb, "'\\''");
		else
			sb_append_char(sb, *p);
	sb_append_char(sb, '\'');
}

char *bulk_resume_command(const char *profile, const char *file)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_append(&sb, "b24user update ");
	if (profile && *profile) {
		sb_append(&sb, "--profile ");
		shell_word(&sb, profile);
		sb_append_char(&sb, ' ');
	}
	sb_append(&sb, "--from ");
	shell_word(&sb, file);
	sb_append(&sb, " --resume");
	return sb_steal(&sb);
}

char *bulk_checkpoint_path(const char *digest, const char *portal)
{
	char *key = g_strdup_printf("%s\n%s", digest, portal ? portal : "");
	gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
	char name[64];

	snprintf(name, sizeof name, "bulk-%.16s.json", sum);
	g_free(sum);
	g_free(key);
	return paths_state_file(name);
}

static const char *const state_names[] = {
	[BULK_INVALID] = "invalid", [BULK_UNCHANGED] = "unchanged",
	[BULK_TODO] = "todo", [BULK_SENT] = "sent", [BULK_DONE] = "done",
	[BULK_FAILED] = "failed", [BULK_UNKNOWN] = "unknown",
	[BULK_EARLIER] = "earlier",
};

static cJSON *row_json(const struct bulk_row *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "user_id", r->user_id ? r->user_id : "");
	cJSON_AddStringToObject(o, "state", state_names[r->state]);
	if (r->seq)
		cJSON_AddNumberToObject(o, "seq", (double)r->seq);
	if (r->state == BULK_SENT || r->state == BULK_UNKNOWN)
		cJSON_AddItemToObject(o, "fields", cJSON_Duplicate(
			r->fields ? r->fields : r->settle, true));
	if (r->problem && r->state == BULK_FAILED)
		cJSON_AddStringToObject(o, "error", r->problem);
	return o;
}

static cJSON *checkpoint_json(const struct bulk_state_ctx *c,
			      const struct bulk_plan *plan, bool finished)
{
	cJSON *o = cJSON_CreateObject(), *rows = cJSON_CreateObject();
	char line[32], now[32];
	size_t i;

	now_iso(now, sizeof now);
	cJSON_AddNumberToObject(o, "version", 1);
	cJSON_AddStringToObject(o, "run", c->run);
	cJSON_AddStringToObject(o, "digest", c->digest);
	cJSON_AddStringToObject(o, "file", c->file ? c->file : "");
	cJSON_AddStringToObject(o, "portal", c->portal ? c->portal : "");
	cJSON_AddStringToObject(o, "profile", c->profile ? c->profile : "");
	cJSON_AddStringToObject(o, "updated", now);
	cJSON_AddBoolToObject(o, "finished", finished);
	for (i = 0; i < plan->count; i++) {
		if (plan->rows[i].state == BULK_INVALID ||
		    plan->rows[i].state == BULK_UNCHANGED)
			continue;
		snprintf(line, sizeof line, "%ld", plan->rows[i].line);
		cJSON_AddItemToObject(rows, line, row_json(&plan->rows[i]));
	}
	cJSON_AddItemToObject(o, "rows", rows);
	return o;
}

bool bulk_checkpoint_save(const struct bulk_state_ctx *c,
			  const struct bulk_plan *plan, bool finished,
			  struct b24_error *err)
{
	cJSON *o = checkpoint_json(c, plan, finished);
	char *text = cJSON_PrintUnformatted(o), *tmp;
	bool ok;
	int fd;

	cJSON_Delete(o);
	tmp = xmalloc(strlen(c->checkpoint_path) + 8);
	sprintf(tmp, "%s.tmp", c->checkpoint_path);
	ok = paths_make_parent(c->checkpoint_path, err);
	fd = ok ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
		: -1;
	ok = fd >= 0 && fileio_write_all(fd, text, strlen(text)) &&
	     fileio_write_all(fd, "\n", 1) && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	ok = ok && rename(tmp, c->checkpoint_path) == 0;
	if (!ok && fd >= 0)
		bulk_io_failed(err, "write the checkpoint", c->checkpoint_path);
	else if (!ok && !err->message[0])
		bulk_io_failed(err, "create the checkpoint", tmp);
	cJSON_free(text);
	free(tmp);
	return ok;
}

cJSON *bulk_checkpoint_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[65536];
	size_t n;
	cJSON *o;

	if (!f)
		return NULL;
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_append_len(&sb, buf, n);
	fclose(f);
	o = cJSON_Parse(sb.buf ? sb.buf : "");
	sb_free(&sb);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

bool bulk_checkpoint_unfinished(const cJSON *cp)
{
	return cp && !cJSON_IsTrue(json_get(cp, "finished"));
}

static const cJSON *saved_row(const cJSON *cp, long line)
{
	char key[32];

	snprintf(key, sizeof key, "%ld", line);
	return json_get(json_get(cp, "rows"), key);
}

void bulk_checkpoint_apply(const cJSON *cp, struct bulk_plan *plan,
			   struct bulk_state_ctx *c)
{
	const char *run = json_get_string(cp, "run"), *state, *uid;
	const cJSON *saved;
	struct bulk_row *r;
	size_t i;

	if (run)
		snprintf(c->run, sizeof c->run, "%s", run);
	for (i = 0; i < plan->count; i++) {
		r = &plan->rows[i];
		saved = saved_row(cp, r->line);
		state = json_get_string(saved, "state");
		uid = json_get_string(saved, "user_id");
		if (!state || !uid || !r->user_id ||
		    strcmp(uid, r->user_id) != 0 || r->state != BULK_TODO)
			continue;
		if (strcmp(state, "done") == 0 ||
		    strcmp(state, "earlier") == 0 ||
		    strcmp(state, "failed") == 0) {
			r->state = BULK_EARLIER;
			r->problem = xstrdup(strcmp(state, "failed") == 0 ?
					     "failed in the earlier run" :
					     "done in the earlier run");
		} else if (strcmp(state, "sent") == 0 ||
			   strcmp(state, "unknown") == 0) {
			r->settle = cJSON_Duplicate(json_get(saved, "fields"),
						    true);
			r->settle_seq = (long)cJSON_GetNumberValue(
				json_get(saved, "seq"));
		}
	}
}

static void settle_row(const struct bulk_state_ctx *c, struct bulk_row *r)
{
	struct journal_entry e;
	enum journal_outcome o;
	struct b24_error err;
	struct bulk_row copy;
	struct bulk_row *one = &copy;

	memset(&e, 0, sizeof e);
	e.fields = r->settle;
	o = r->loaded ? journal_settle(&e, r->loaded) : JOURNAL_UNKNOWN;
	copy = *r;
	copy.seq = r->settle_seq;
	copy.fields = r->settle;
	copy.verified = o == JOURNAL_DONE ? 1 : -1;
	copy.state = o == JOURNAL_DONE ? BULK_DONE :
		     o == JOURNAL_REFUSED ? BULK_TODO : BULK_UNKNOWN;
	if (copy.seq > 0 && !bulk_journal_finish(c, &one, 1, &err))
		log_debug("journal entry %ld not completed: %s", copy.seq,
			  err.message);
	if (o == JOURNAL_DONE) {
		r->state = BULK_EARLIER;
		free(r->problem);
		r->problem = xstrdup("done in the earlier run (read back)");
	} else if (o == JOURNAL_UNKNOWN) {
		r->state = BULK_UNKNOWN;
		free(r->problem);
		r->problem = xstrdup("sent by the earlier run, and the user "
				     "now matches neither the old nor the "
				     "new values; check it by hand");
	}
}

void bulk_checkpoint_settle(const struct bulk_state_ctx *c,
			    struct bulk_plan *plan)
{
	struct b24_error err;
	size_t i, todo = 0;

	for (i = 0; i < plan->count; i++) {
		if (plan->rows[i].settle)
			settle_row(c, &plan->rows[i]);
		todo += plan->rows[i].state == BULK_TODO;
	}
	/* Reading back settled every row: the run has come to its end, or
	 * the file would be refused as unfinished for good. */
	if (!todo && !bulk_checkpoint_save(c, plan, true, &err))
		log_debug("checkpoint not finished: %s", err.message);
}
