/* The config file as text: parsing with line numbers, and writing it back
 * atomically (internal to profile-*.c). */
#ifndef B24_PROFILE_FILE_H
#define B24_PROFILE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "strbuf.h"

/*
 * Read and parse path (comments kept).  A missing file gives an empty key
 * file; a broken one gives NULL and a line in problems naming the file,
 * the line when known, and what is wrong.  *text receives the contents
 * (g_free) for profile_file_key_line.
 */
GKeyFile *profile_file_open(const char *path, char **text,
			    struct strbuf *problems);
/* 1-based line of key in [group] ("(group)": the header), 0 if unknown. */
int profile_file_key_line(const char *text, const char *group,
			  const char *key);
/* "profile NAME" -> "NAME"; NULL for other groups. */
const char *profile_file_group_profile(const char *group);
/* Key names that would hold a secret (webhook, token, password ...). */
bool profile_file_secret_key(const char *key);

/*
 * Line-level edits (profile-edit.c); every other line is kept as it is.
 * Set keys[i] to values[i] (raw, already escaped; NULL or "" removes the
 * key) in [group], made at the end of the file, or before the first
 * group when on_top.  Returns the new text (free()).
 */
char *profile_edit_set(const char *text, const char *group,
		       const char *const *keys, const char *const *values,
		       size_t count, bool on_top);
/* The text without [group] and the comment lines right above it; NULL
 * when there is no such group. */
char *profile_edit_remove_group(const char *text, const char *group);

#endif
