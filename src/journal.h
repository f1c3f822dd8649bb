/*
 * The change journal, $XDG_STATE_HOME/b24user/journal.jsonl: one JSON
 * object per line for every write, appended and flushed to disk before the
 * request goes out and appended again, complete, after the answer.  The
 * newest line of a seq wins; a torn last line is skipped.  No secrets.
 */
#ifndef B24_JOURNAL_H
#define B24_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>

#include "error.h"
#include "fields.h"

enum journal_outcome {
	JOURNAL_PENDING,	/* written before sending; crash leaves it */
	JOURNAL_DONE,
	JOURNAL_REFUSED,	/* not written: the portal said no, or the
				 * request never left */
	JOURNAL_UNKNOWN,	/* sent, no answer: reload to settle it */
};

struct journal_entry {
	long seq;		/* set by journal_begin */
	char time[32];		/* ISO 8601 UTC, set by journal_begin */
	char *profile;
	char *portal;		/* https://host only, never a webhook URL */
	char *user_id;
	char *operator;		/* who made the change */
	cJSON *fields;		/* {"FIELD": {"before": v, "after": v}} */
	enum journal_outcome outcome;
	int verified;		/* 1, 0, or -1 when not known */
	cJSON *dropped;		/* ["ACTIVE"] when verified is 0, or NULL */
	long undo_of;		/* seq of the entry this one undid, or 0 */
	/* NULL for a write.  "unlock": a read-only profile was unlocked for
	 * writing (user_id NULL, fields empty, outcome done); via says how:
	 * "--allow-write" or "console". */
	char *event;
	char *via;
	/* The bulk run the write belongs to ("bulk-...", "undo-..."), or
	 * NULL for a single edit. */
	char *run;
};

struct journal_list {
	struct journal_entry *entries;	/* by seq, oldest first */
	size_t count;
	size_t skipped;		/* lines that did not parse (torn) */
};

/* $XDG_STATE_HOME/b24user/journal.jsonl; free with free(). */
char *journal_default_path(void);

/*
 * {"FIELD": {"before": v, "after": v}} from the user as it is now on the
 * portal and the changed fields.  Before-values are kept in the form the
 * update takes (ACTIVE "Y"/"N", dates YYYY-MM-DD) so they can be sent
 * back; a new file is recorded by its name only.
 */
cJSON *journal_fields(const cJSON *user_now, const cJSON *changed,
		      const struct field_catalog *cat);

/* Append e as pending and fsync; sets e->seq, e->time, e->outcome.  The
 * folder is made (0700) and the file is 0600. */
bool journal_begin(const char *path, struct journal_entry *e,
		   struct b24_error *err);
/* Append e complete, in one line, with the outcome it has: for events
 * such as an unlock, which have nothing to wait for.  Sets seq, time. */
bool journal_note(const char *path, struct journal_entry *e,
		  struct b24_error *err);
/* Append e again with its final outcome, verified and dropped. */
bool journal_finish(const char *path, const struct journal_entry *e,
		    struct b24_error *err);
/*
 * n entries under one lock, one write and one fsync (a bulk run's
 * batch), each stamped with the time now.  begin: each gets the next
 * seq, outcome pending and verified -1; otherwise they are appended
 * with the outcome they have.
 */
bool journal_append_batch(const char *path, struct journal_entry *e,
			  size_t n, bool begin, struct b24_error *err);
/* The outcome a failed write's error means: unknown when it may have
 * run, refused otherwise. */
enum journal_outcome journal_outcome_of(const struct b24_error *err);

/* Every entry, newest line per seq; a missing file is an empty list. */
bool journal_read(const char *path, struct journal_list *out,
		  struct b24_error *err);
void journal_list_free(struct journal_list *l);
void journal_entry_clear(struct journal_entry *e);

cJSON *journal_entry_to_json(const struct journal_entry *e);
bool journal_entry_from_json(const cJSON *obj, struct journal_entry *e);
const char *journal_outcome_name(enum journal_outcome o);

/*
 * Settle an unknown or pending entry from the user as the portal shows it
 * now: done when every recorded field has its after-value (verified 1),
 * refused when every one still has its before-value, and unknown when it
 * is a mix or someone else changed the fields since.  Finish the entry
 * with journal_finish afterwards.
 */
enum journal_outcome journal_settle(const struct journal_entry *e,
				    const cJSON *user_now);
/* One line for a person: "12 2026-12-04T17:00:00Z user 7 done: NAME
 * Anna -> Anya, ACTIVE Y -> N (not taken)"; free with free(). */
char *journal_entry_text(const struct journal_entry *e);

const struct journal_entry *journal_find(const struct journal_list *l,
					 long seq);
/* The newest entry that changed something (outcome done), for user_id
 * or any user when NULL. */
const struct journal_entry *journal_newest_undoable(
	const struct journal_list *l, const char *user_id);
/*
 * What undoing e sends and expects: *data = {"FIELD": before} and
 * *expect = {"FIELD": after} (the conflict check: someone may have
 * changed the user since), leaving out dropped fields and files.  false
 * with err (exit USAGE) when e changed nothing that can be undone.
 */
bool journal_undo_plan(const struct journal_entry *e,
		       const struct field_catalog *cat, cJSON **data,
		       cJSON **expect, struct b24_error *err);

#endif
