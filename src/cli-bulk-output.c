/* What update --from prints: the plan, the progress line, the items and
 * the summary. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-bulk.h"
#include "fileio.h"
#include "jsonutil.h"
#include "now.h"
#include "plural.h"
#include "strbuf.h"
#include "xalloc.h"

static FILE *plan_stream(const struct cli *cli)
{
	return cli->json ? stderr : stdout;
}

/* Text from the portal, a line at a time: control characters escaped,
 * the line breaks kept. */
void cli_bulk_put_lines(FILE *out, char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		cli_put_text(out, line);
		fputc('\n', out);
	}
}

/* Rows refused before sending (undo --run: changed since the run). */
static void left_alone(FILE *out, const struct bulk_plan *plan)
{
	const struct bulk_row *r;
	char *text;
	size_t i;

	for (i = 0; i < plan->count; i++) {
		r = &plan->rows[i];
		if (r->state != BULK_FAILED || r->seq || !r->problem)
			continue;
		text = xstrdup(r->problem);
		fprintf(out, "Left as it is, user %s (%s %ld): ",
			r->user_id, bulk_row_where(r), r->line);
		cli_bulk_put_lines(out, text);
		free(text);
	}
}

void cli_bulk_print_plan(const struct cli *cli, const struct bulk_plan *plan)
{
	FILE *out = plan_stream(cli);
	struct bulk_totals t;
	const cJSON *it;
	char *diff = bulk_plan_render(plan);

	bulk_plan_totals(plan, &t);
	cli_bulk_put_lines(out, diff);
	free(diff);
	left_alone(out, plan);
	if (cJSON_GetArraySize(plan->ignored) > 0) {
		fputs("Columns left out (they cannot be changed):", out);
		cJSON_ArrayForEach(it, plan->ignored)
			fprintf(out, " %s", it->valuestring);
		fputc('\n', out);
	}
	fprintf(out, "Plan: %zu %s; %zu %s to update (%zu field %s), "
		"%zu unchanged %s skipped", t.rows,
		plural(t.rows, "row", "rows"), t.todo,
		plural(t.todo, "user", "users"), t.fields,
		plural(t.fields, "value", "values"), t.unchanged,
		plural(t.unchanged, "row", "rows"));
	if (t.earlier)
		fprintf(out, ", %zu settled by the earlier run", t.earlier);
	if (t.unknown)
		fprintf(out, ", %zu to check by hand", t.unknown);
	if (t.failed)
		fprintf(out, ", %zu left as they are", t.failed);
	if (t.invalid)
		fprintf(out, ", %zu invalid", t.invalid);
	fputs(".\n", out);
	fflush(out);
}

static const char *outcome_name(enum bulk_state s)
{
	switch (s) {
	case BULK_DONE:
		return "done";
	case BULK_UNCHANGED:
		return "unchanged";
	case BULK_EARLIER:
		return "earlier";
	case BULK_TODO:
		return "not sent";
	default:
		return "invalid";
	}
}

static cJSON *row_item(const struct bulk_row *r, bool dry_run)
{
	cJSON *item;

	if (r->state == BULK_FAILED || r->state == BULK_UNKNOWN ||
	    r->state == BULK_INVALID || r->state == BULK_SENT) {
		item = cli_error_item(r->problem ? r->problem :
				      "outcome unknown", "user");
	} else {
		item = cli_item(r->response ?
				cJSON_Duplicate(r->response, true) : NULL);
		cJSON_AddStringToObject(item, "outcome", dry_run &&
					r->state == BULK_TODO ? "planned" :
					outcome_name(r->state));
		if (r->state == BULK_DONE)
			cJSON_AddBoolToObject(item, "verified",
					      r->verified == 1);
		if (r->dropped)
			cJSON_AddItemToObject(item, "dropped",
					      cJSON_Duplicate(r->dropped, 1));
		if (dry_run && r->changed)
			cJSON_AddItemToObject(item, "changed",
					      cJSON_Duplicate(r->changed, 1));
	}
	cJSON_AddNumberToObject(item, "row", (double)r->line);
	if (r->user_id)
		cJSON_AddStringToObject(item, "user_id", r->user_id);
	else
		cJSON_AddNullToObject(item, "user_id");
	return item;
}

cJSON *cli_bulk_items(const struct bulk_plan *plan, bool dry_run)
{
	cJSON *items = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < plan->count; i++)
		cJSON_AddItemToArray(items, row_item(&plan->rows[i],
						     dry_run));
	return items;
}

/* 0600 like every other state file: the rows name users and values. */
bool cli_bulk_write_results(const char *path, const cJSON *items,
			    struct b24_error *err)
{
	struct strbuf sb;
	const cJSON *it;
	char *line;
	bool ok;
	int fd, e;

	sb_init(&sb);
	cJSON_ArrayForEach(it, items) {
		line = cJSON_PrintUnformatted(it);
		sb_printf(&sb, "%s\n", line);
		cJSON_free(line);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ok = fd >= 0 && fileio_write_all(fd, sb.buf, sb.len);
	e = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok)
		b24_error_set(err, B24_EXIT_USAGE, "results_failed",
			      "Cannot write the results to %s: %s", path,
			      strerror(e));
	sb_free(&sb);
	return ok;
}

static double started;
static bool shown;

static void eta_text(double s, char *out, size_t len)
{
	if (s < 0)
		snprintf(out, len, "--");
	else if (s < 100)
		snprintf(out, len, "%.0f s", s);
	else
		snprintf(out, len, "%ld min %02ld s", (long)s / 60,
			 (long)s % 60);
}

void cli_bulk_progress(void *ctx, const struct bulk_plan *plan,
		       const struct bulk_pace *pace)
{
	struct bulk_totals t;
	double now = now_mono(), eta = -1;
	size_t settled;
	char text[48];

	(void)ctx;
	(void)pace;
	if (!started)
		started = now;
	bulk_plan_totals(plan, &t);
	settled = t.done + t.failed + t.unknown;
	if (settled && t.todo)
		eta = (now - started) / (double)settled * (double)t.todo;
	else if (!t.todo)
		eta = 0;
	eta_text(eta, text, sizeof text);
	printf("\r\033[Kdone %zu, failed %zu, remaining %zu, ETA %s",
	       t.done, t.failed + t.unknown, t.todo, text);
	fflush(stdout);
	shown = true;
}

void cli_bulk_progress_end(void)
{
	if (shown)
		fputs("\r\033[K", stdout);
	shown = false;
}

void cli_bulk_print_summary(const struct cli *cli,
			    const struct bulk_plan *plan,
			    const struct bulk_pace *pace, double seconds,
			    const char *results)
{
	FILE *out = plan_stream(cli);
	struct bulk_totals t;
	size_t i, unverified = 0;

	bulk_plan_totals(plan, &t);
	for (i = 0; i < plan->count; i++)
		unverified += plan->rows[i].state == BULK_DONE &&
			      plan->rows[i].verified == 0;
	fprintf(out, "Done: %zu %s updated, %zu failed, %zu unchanged "
		"skipped", t.done, plural(t.done, "user", "users"), t.failed,
		t.unchanged);
	if (t.earlier)
		fprintf(out, ", %zu settled earlier", t.earlier);
	if (t.unknown)
		fprintf(out, ", %zu outcome unknown (check them)",
			t.unknown);
	if (t.todo)
		fprintf(out, ", %zu not sent", t.todo);
	if (unverified)
		fprintf(out, ", %zu with fields the portal did not take",
			unverified);
	fprintf(out, "; %ld %s in %.1f s", pace->requests,
		plural((size_t)pace->requests, "request", "requests"),
		seconds);
	if (pace->waited >= 0.5)
		fprintf(out, " (%.1f s waiting on limits)", pace->waited);
	fprintf(out, ".\n");
	if (results)
		fprintf(out, "Results, one line per row: %s\n", results);
	fflush(out);
}
