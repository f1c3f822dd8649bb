/* Which journal entry a plain undo reverses (undo-pick.c). */
#ifndef B24_UNDO_PICK_H
#define B24_UNDO_PICK_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "journal.h"
#include "rest.h"

/*
 * The entry a plain undo reverses on the portal `here`: the newest done
 * change there.  A newer write of unknown outcome is settled first by
 * reading its user, and the journal told: with that write's values it
 * took and is the one (note says so, "" otherwise); with the values
 * from before it, it did not, and undo stops there naming the change
 * now newest (exit 6 newest_not_taken) rather than undo another one
 * unasked.  When the user has neither, or nothing can be undone, NULL
 * with err (exit 6 newest_unknown, exit 2 nothing_to_undo, or the
 * read's error).
 */
const struct journal_entry *undo_pick_newest(struct rest_session *s,
					     const struct journal_list *l,
					     const char *here, bool admin_mode,
					     char *note, size_t note_len,
					     struct b24_error *err);

#endif
