/*
 * What a bulk run keeps on disk: journal entries for a whole batch of
 * rows under one lock and one fsync (the format of journal.h, plus the
 * run's id under "run" so the run can be undone as a whole), and the
 * checkpoint, $XDG_STATE_HOME/b24user/bulk-DIGEST.json, rewritten
 * atomically before and after every batch so an interrupted run resumes
 * without repeating a write.
 */
#ifndef B24_BULK_STATE_H
#define B24_BULK_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>

#include "bulk-plan.h"
#include "error.h"

struct bulk_state_ctx {
	const char *journal_path;	/* NULL: journal_default_path() */
	const char *checkpoint_path;	/* NULL: from the digest */
	const char *profile;
	const char *portal;		/* https://host, never a webhook */
	const char *operator;
	const char *file;		/* the input file, for people */
	const char *digest;		/* SHA-256 of the input */
	char run[48];			/* "bulk-DIGEST12-UNIXTIME" */
};

/* $XDG_STATE_HOME/b24user/bulk-KEY.json, KEY from the input's digest
 * and the portal (one file, two portals: two runs); free with free(). */
char *bulk_checkpoint_path(const char *digest, const char *portal);

/* The command line that goes on with a stopped run: "b24user update
 * [--profile NAME] --from FILE --resume", the file quoted for a shell
 * when it needs to be; free with free(). */
char *bulk_resume_command(const char *profile, const char *file);

/* Append pending entries for rows (sets each row's seq), one fsync. */
bool bulk_journal_begin(const struct bulk_state_ctx *c,
			struct bulk_row **rows, size_t n,
			struct b24_error *err);
/* Append the final entries: done, refused (failed, or to be sent again)
 * or unknown, with verified and dropped. */
bool bulk_journal_finish(const struct bulk_state_ctx *c,
			 struct bulk_row **rows, size_t n,
			 struct b24_error *err);

/* Write the checkpoint of plan (finished: the run came to its end). */
bool bulk_checkpoint_save(const struct bulk_state_ctx *c,
			  const struct bulk_plan *plan, bool finished,
			  struct b24_error *err);
/* The checkpoint, or NULL when there is none (or it does not parse). */
cJSON *bulk_checkpoint_load(const char *path);
/* True when cp stopped before its end (rows sent or left to send). */
bool bulk_checkpoint_unfinished(const cJSON *cp);
/*
 * --resume: rows the checkpoint settled (done, failed) become EARLIER;
 * rows it left sent or unknown keep seq and fields for settling.  The
 * run id carries on.  Call before bulk_plan_read.
 */
void bulk_checkpoint_apply(const cJSON *cp, struct bulk_plan *plan,
			   struct bulk_state_ctx *c);
/*
 * After bulk_plan_read on a resume: rows left sent or unknown are
 * settled from the values just read (journal_settle): done becomes
 * EARLIER, refused stays to send (its diff is already recomputed),
 * a mix becomes UNKNOWN.  Their journal entries are finished.  When no
 * row is left to send, the checkpoint is marked finished.
 */
void bulk_checkpoint_settle(const struct bulk_state_ctx *c,
			    struct bulk_plan *plan);

#endif
