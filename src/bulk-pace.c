/* Pacing a bulk run on the request bucket and the per-method time
 * budget, and sending its batch calls. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk-pace.h"
#include "jsonutil.h"
#include "log.h"
#include "now.h"

/* Refused at the reset: the portal's second had not quite passed, or
 * the figure was old.  Try again soon, then less often. */
#define FIRST_BLOCKED_WAIT 0.25
#define LONGEST_BLOCKED_WAIT 60.0
/* operating_reset_at is whole seconds: the reset comes within the
 * second after it, looked for every RESET_POLL. */
#define RESET_ROUNDING 1.05
#define RESET_POLL 0.1
/* The portal's window is ten minutes: longer than that is not a wait. */
#define GIVE_UP_BLOCKED 660.0

void bulk_pace_init(struct bulk_pace *p)
{
	memset(p, 0, sizeof *p);
	p->size = 50;
	p->drain = 2;
	p->budget = 480;
	p->operating = -1;
	p->reset_at = -1;
	p->blocked_wait = FIRST_BLOCKED_WAIT;
}

bool bulk_pace_parse_rate(struct bulk_pace *p, const char *text,
			  struct b24_error *err)
{
	double size, drain;
	char end;

	if (text && sscanf(text, "%lf/%lf%c", &size, &drain, &end) == 2 &&
	    size >= 1 && size <= 10000 && drain > 0 && drain <= 1000) {
		p->size = (double)(long)size;
		p->drain = drain;
		return true;
	}
	b24_error_set(err, B24_EXIT_USAGE, "usage",
		      "--rate takes SIZE/PER_SECOND, like 50/2, not '%.40s'",
		      text ? text : "");
	b24_error_hint(err, "Most plans allow 50/2; Enterprise 250/5.");
	return false;
}

bool bulk_pace_parse_budget(struct bulk_pace *p, const char *text,
			    struct b24_error *err)
{
	double v;
	char end;

	if (text && sscanf(text, "%lf%c", &v, &end) == 1 && v >= 1 &&
	    v <= 86400) {
		p->budget = v;
		return true;
	}
	b24_error_set(err, B24_EXIT_USAGE, "usage",
		      "--time-budget takes seconds from 1 to 86400, not "
		      "'%.40s'", text ? text : "");
	return false;
}

static double level_now(const struct bulk_pace *p)
{
	double l = p->level - p->drain * (now_mono() - p->level_at);

	return l > 0 ? l : 0;
}

double bulk_pace_bucket_wait(const struct bulk_pace *p)
{
	double over = level_now(p) + 1 - p->size;

	return over > 0 ? over / p->drain : 0;
}

static bool cancelled(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_INTERRUPTED, "cancelled",
		      "Interrupted while waiting for the portal's limits");
	return false;
}

static bool wait_for(struct bulk_pace *p, struct rest_session *s,
		     double seconds, struct b24_error *err)
{
	if (seconds <= 0)
		return true;
	p->waited += seconds;
	return rest_wait(s, seconds) || cancelled(err);
}

/* The update sub-requests (keys "w...") tell where the budget stands;
 * the growth from one to the next is what one update costs. */
static void note_times(struct bulk_pace *p, const cJSON *times)
{
	const cJSON *t, *op, *reset;
	double prev = -1;

	cJSON_ArrayForEach(t, times) {
		if (!t->string || t->string[0] != 'w')
			continue;
		op = json_get(t, "operating");
		reset = json_get(t, "operating_reset_at");
		if (!cJSON_IsNumber(op))
			continue;
		if (prev >= 0 && op->valuedouble - prev > p->cost)
			p->cost = op->valuedouble - prev;
		prev = p->operating = op->valuedouble;
		p->blocked_for = 0;
		p->blocked_wait = FIRST_BLOCKED_WAIT;
		if (cJSON_IsNumber(reset))
			p->reset_at = reset->valuedouble;
	}
}

static void note_clock(struct bulk_pace *p, const cJSON *envelope)
{
	const cJSON *finish = json_get(json_get(envelope, "time"), "finish");

	if (cJSON_IsNumber(finish))
		p->skew = finish->valuedouble - now_real();
}

bool bulk_pace_batch(struct bulk_pace *p, struct rest_session *s,
		     const cJSON *cmd, bool halt, unsigned flags,
		     struct rest_reply *reply, struct b24_error *err)
{
	struct rest_stats before, after;
	double sent_at, level_then, now;
	long n;
	cJSON *body;
	bool ok;

	if (!wait_for(p, s, bulk_pace_bucket_wait(p), err))
		return false;
	sent_at = now_mono();
	level_then = level_now(p);
	body = cJSON_CreateObject();
	cJSON_AddNumberToObject(body, "halt", halt ? 1 : 0);
	cJSON_AddItemReferenceToObject(body, "cmd", (cJSON *)cmd);
	rest_session_stats(s, &before);
	ok = rest_call(s, "batch", body, flags, reply, err);
	rest_session_stats(s, &after);
	cJSON_Delete(body);
	n = after.requests - before.requests;
	/* The portal counts a request when it arrives, somewhere between
	 * sending and the answer: the most it can hold now is what we had
	 * drained from the moment it left, but never less than n. */
	now = now_mono();
	p->level = level_then + (double)n - p->drain * (now - sent_at);
	if (p->level < (double)n)
		p->level = (double)n;
	p->level_at = now;
	p->requests += n;
	if (ok) {
		note_clock(p, reply->envelope);
		note_times(p, json_get(reply->result, "result_time"));
	}
	return ok;
}

/* The portal gives whole seconds: the window may move on up to one
 * second later.  Waiting the full second on every reset would cost a
 * tenth of a short window; a refusal costs one quick retry instead. */
static double until_reset(const struct bulk_pace *p)
{
	return p->reset_at + 0.05 - (now_real() + p->skew);
}

int bulk_pace_room(const struct bulk_pace *p)
{
	double room;

	/* Past operating_reset_at part of the figure has dropped out of
	 * the window: it no longer says how much is left, the answer to a
	 * full batch does (rows refused cost no budget and go again). */
	if (p->operating < 0 || p->cost <= 0 ||
	    (p->reset_at >= 0 && until_reset(p) <= 0))
		return BULK_BATCH_MAX;
	/* The portal refuses the call after the one that went over. */
	room = (p->budget - p->operating) / p->cost;
	if (room < 0)
		return 0;
	room = (double)(long)room + 1;
	return room > BULK_BATCH_MAX ? BULK_BATCH_MAX : (int)room;
}

bool bulk_pace_budget_wait(struct bulk_pace *p, struct rest_session *s,
			   struct b24_error *err)
{
	double wait;

	if (bulk_pace_room(p) > 0)
		return true;
	wait = until_reset(p);
	log_debug("time budget: %.1f s used of %.0f; waiting %.1f s",
		  p->operating, p->budget, wait);
	/* Past the reset the figure is old: the next answer tells. */
	p->operating = -1;
	return wait_for(p, s, wait, err);
}

bool bulk_pace_blocked_wait(struct bulk_pace *p, struct rest_session *s,
			    struct b24_error *err)
{
	double wait = until_reset(p);

	/* Within the second after a whole-second reset_at the window moves
	 * on any moment: look again soon rather than after growing waits
	 * (a refused update costs no time budget, only a request). */
	if (p->reset_at >= 0 && wait <= 0 && wait > -RESET_ROUNDING)
		wait = RESET_POLL;
	else if (p->reset_at < 0 || wait <= 0 ||
		 wait > LONGEST_BLOCKED_WAIT) {
		wait = p->blocked_wait;
		p->blocked_wait *= 2;
		if (p->blocked_wait > LONGEST_BLOCKED_WAIT)
			p->blocked_wait = LONGEST_BLOCKED_WAIT;
	}
	p->blocked_for += wait;
	if (p->blocked_for > GIVE_UP_BLOCKED) {
		b24_error_set(err, B24_EXIT_LIMIT, "OPERATION_TIME_LIMIT",
			      "user.update stays blocked by the portal's time "
			      "budget after waiting %.0f s", p->blocked_for);
		b24_error_hint(err, "Run the same command with --resume "
			       "later; nothing is sent twice.");
		return false;
	}
	log_debug("OPERATION_TIME_LIMIT: waiting %.2f s (reset_at %.2f, "
		  "now %.2f)", wait, p->reset_at, now_real() + p->skew);
	p->limit_hits++;
	p->operating = -1;
	return wait_for(p, s, wait, err);
}
