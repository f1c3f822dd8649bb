/* The recovery file: unsent edits written when the link drops (SIGHUP)
 * or the console is told to stop (SIGTERM), offered at the next start. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonutil.h"
#include "paths.h"
#include "ui.h"
#include "xalloc.h"

#define RECOVERY_FILE "recovery.json"

static char *recovery_path(void)
{
	return paths_state_file(RECOVERY_FILE);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	cJSON_AddStringToObject(o, k, v ? v : "");
}

void recover_write(struct console *c)
{
	cJSON *changes = fields_view_texts(c), *o;
	char stamp[32], *text, *path, *dir;
	struct b24_error err;
	time_t t = time(NULL);
	int fd;

	if (!changes || !c->user_id) {
		cJSON_Delete(changes);
		return;
	}
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	o = cJSON_CreateObject();
	add_str(o, "saved", stamp);
	add_str(o, "profile", c->prof.name);
	add_str(o, "portal", c->prof.portal);
	add_str(o, "user_id", c->user_id);
	cJSON_AddItemToObject(o, "changes", changes);
	text = json_pretty(o);
	dir = paths_state_dir();
	b24_error_clear(&err);
	path = recovery_path();
	fd = paths_make_dir(dir, &err) ?
	     open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
	if (fd >= 0) {
		ssize_t r = write(fd, text, strlen(text));

		(void)r;
		close(fd);
	}
	free(dir);
	free(path);
	free(text);
	cJSON_Delete(o);
}

static cJSON *read_recovery(void)
{
	char *path = recovery_path(), buf[65536];
	struct b24_error err;
	FILE *f = fopen(path, "r");
	size_t n = 0;
	cJSON *o = NULL;

	free(path);
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	b24_error_clear(&err);
	o = json_parse_text(buf, n, "recovery file", &err);
	if (o && !cJSON_IsObject(json_get(o, "changes"))) {
		cJSON_Delete(o);
		o = NULL;
	}
	return o;
}

static void describe(struct strbuf *sb, const cJSON *o)
{
	const cJSON *ch = json_get(o, "changes");

	sb_printf(sb, "b24user stopped on %s with changes that were not "
		  "sent:\n\n  portal  %s\n  profile %s\n  user    %s\n\n",
		  json_get_string(o, "saved"), json_get_string(o, "portal"),
		  json_get_string(o, "profile"),
		  json_get_string(o, "user_id"));
	for (const cJSON *m = ch->child; m; m = m->next)
		sb_printf(sb, "  %-20s -> %s\n", m->string,
			  cJSON_IsString(m) ? m->valuestring : "?");
	sb_append(sb, "\nRestore them? The user is loaded again first, "
		  "and nothing is sent until you press F5.");
}

void recover_offer(struct console *c)
{
	cJSON *o = read_recovery();
	struct strbuf sb;

	if (!o)
		return;
	sb_init(&sb);
	describe(&sb, o);
	dlg_text(c, "Unsent changes found", sb.buf);
	c->dlg.kind = D_RECOVERY;
	c->dlg.params = o;
	sb_free(&sb);
}

void recover_answer(struct console *c, bool restore)
{
	char *path = recovery_path();
	cJSON *o = c->dlg.params;

	if (restore && o) {
		cJSON_Delete(c->recovered);
		c->recovered = cJSON_Duplicate(json_get(o, "changes"), 1);
		user_set_id(c, json_get_string(o, "user_id"));
		if (c->req && !c->busy)
			user_load(c);
		else
			c->load_after_connect = true;
	}
	unlink(path);
	free(path);
}
