/*
 * A plain undo picks the newest change to the portal.  A write whose
 * answer never came (interrupted, cut off) has an unknown outcome: the
 * user as the portal has it now says whether it took, so undo neither
 * reverses an older change over a newer one nor gets stuck on it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "fields.h"
#include "log.h"
#include "undo-pick.h"

enum settled { SETTLE_TOOK, SETTLE_NOT_TAKEN, SETTLE_UNCLEAR,
	       SETTLE_ERROR };

static bool here_too(const struct journal_entry *e, const char *here)
{
	return !e->portal || !here || strcmp(e->portal, here) == 0;
}

/* The newest write sent to this portal, whatever came of it. */
static const struct journal_entry *newest_sent(const struct journal_list *l,
					       const char *here)
{
	const struct journal_entry *e;
	size_t i;

	for (i = l->count; i-- > 0;) {
		e = &l->entries[i];
		if (e->event || !e->user_id || !cJSON_GetArraySize(e->fields) ||
		    e->outcome == JOURNAL_REFUSED)
			continue;
		if (here_too(e, here))
			return e;
	}
	return NULL;
}

/* The newest done change on this portal (the journal is shared). */
static const struct journal_entry *newest_done(const struct journal_list *l,
					       const char *here)
{
	struct journal_list mine = *l;
	const struct journal_entry *e;

	while ((e = journal_newest_undoable(&mine, NULL)) != NULL) {
		if (here_too(e, here))
			return e;
		mine.count = (size_t)(e - mine.entries);
	}
	return NULL;
}

/* Its after-values on the user now: it took; its before-values: not. */
static enum settled settle(struct rest_session *s,
			   const struct journal_entry *u, bool admin_mode,
			   struct b24_error *err)
{
	struct field_catalog *cat = fields_catalog_load(err);
	cJSON *data = NULL, *expect = NULL, *user = NULL, *took, *not_taken;
	enum settled r = SETTLE_ERROR;

	if (cat && journal_undo_plan(u, cat, &data, &expect, err) &&
	    edit_load_user(s, u->user_id, admin_mode, &user, err)) {
		took = edit_changed_fields(user, expect);
		not_taken = edit_changed_fields(user, data);
		r = !took->child ? SETTLE_TOOK :
		    !not_taken->child ? SETTLE_NOT_TAKEN : SETTLE_UNCLEAR;
		cJSON_Delete(took);
		cJSON_Delete(not_taken);
	}
	cJSON_Delete(data);
	cJSON_Delete(expect);
	cJSON_Delete(user);
	if (cat)
		fields_catalog_free(cat);
	return r;
}

static void unclear(const struct journal_entry *e, struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_STOPPED, "newest_unknown",
		      "The newest change to this portal, journal entry %ld "
		      "(user %s), has an unknown outcome and the user now "
		      "has neither its values nor those from before it (it "
		      "was changed since), so undo did not pick an entry; "
		      "nothing was sent", e->seq, e->user_id);
	b24_error_hint(err, "Run 'b24user get %s' to see the user now and "
		       "set what it should be with 'b24user update'; "
		       "'b24user journal' lists the older entries.",
		       e->user_id);
}

/* What the read showed goes to the journal, so journal and the next
 * undo know it: done, or never made. */
static void record(const struct journal_entry *u, bool took)
{
	struct journal_entry settled = *u;
	char *path = journal_default_path();
	struct b24_error e;

	b24_error_clear(&e);
	settled.outcome = took ? JOURNAL_DONE : JOURNAL_REFUSED;
	if (!journal_finish(path, &settled, &e))
		log_debug("undo: journal entry %ld not settled: %s", u->seq,
			  e.message);
	free(path);
}

/* It did not take: undoing the change before it instead (maybe another
 * user's) is not what the person asked for, so say which that is. */
static void not_taken(const struct journal_list *l, const char *here,
		      const struct journal_entry *u, struct b24_error *err)
{
	const struct journal_entry *next = newest_done(l, here);

	b24_error_set(err, B24_EXIT_STOPPED, "newest_not_taken",
		      "The newest change to this portal, journal entry %ld "
		      "(user %s), did not take: the user still has the "
		      "values from before it.  The journal now says so; "
		      "nothing was sent", u->seq, u->user_id);
	if (next)
		b24_error_hint(err, "The newest change in effect is journal "
			       "entry %ld (user %s): run 'b24user undo' "
			       "again to undo that one.", next->seq,
			       next->user_id);
	else
		b24_error_hint(err, "No older change to this portal can be "
			       "undone.");
}

const struct journal_entry *undo_pick_newest(struct rest_session *s,
					     const struct journal_list *l,
					     const char *here, bool admin_mode,
					     char *note, size_t note_len,
					     struct b24_error *err)
{
	const struct journal_entry *u = newest_sent(l, here), *e;

	note[0] = 0;
	if (u && (u->outcome == JOURNAL_UNKNOWN ||
		  u->outcome == JOURNAL_PENDING)) {
		switch (settle(s, u, admin_mode, err)) {
		case SETTLE_TOOK:
			record(u, true);
			snprintf(note, note_len, "journal entry %ld (user %s) "
				 "had an unknown outcome; the user has its "
				 "values, so it took and is the one undone",
				 u->seq, u->user_id);
			return u;
		case SETTLE_NOT_TAKEN:
			record(u, false);
			not_taken(l, here, u, err);
			return NULL;
		case SETTLE_UNCLEAR:
			unclear(u, err);
			return NULL;
		default:
			return NULL;
		}
	}
	e = newest_done(l, here);
	if (!e) {
		b24_error_set(err, B24_EXIT_USAGE, "nothing_to_undo",
			      "The journal has no change to this portal that "
			      "can be undone");
		b24_error_hint(err, "'b24user journal' lists the entries.");
	}
	return e;
}
