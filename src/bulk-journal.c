/* The journal entries of a bulk run, a batch of rows at a time through
 * journal_append_batch with the run's id; and the error the checkpoint
 * shares. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk-internal.h"
#include "bulk-state.h"
#include "journal.h"
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
	e->undo_of = r->undo_of;
	e->run = (char *)c->run;
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

/* One journal_append_batch for the rows: one lock, one fsync. */
static bool append(const struct bulk_state_ctx *c, struct bulk_row **rows,
		   size_t n, bool begin, struct b24_error *err)
{
	char *owned = c->journal_path ? NULL : journal_default_path();
	const char *path = owned ? owned : c->journal_path;
	struct journal_entry *e = xcalloc(n, sizeof *e);
	size_t i;
	bool ok;

	for (i = 0; i < n; i++) {
		entry_of(c, rows[i], &e[i]);
		if (!begin) {
			e[i].outcome = outcome_of(rows[i]);
			e[i].verified = rows[i]->verified;
			e[i].dropped = rows[i]->verified == 0 ?
				       rows[i]->dropped : NULL;
		}
	}
	ok = journal_append_batch(path, e, n, begin, err);
	for (i = 0; ok && begin && i < n; i++)
		rows[i]->seq = e[i].seq;
	free(e);
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
