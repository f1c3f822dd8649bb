/*
 * The user-field catalogue (data/user-fields.tsv, the portal's user.fields
 * labels, and its UF_USR_* custom fields) and validation of user data
 * before anything is sent.
 */
#ifndef B24_FIELDS_H
#define B24_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>

#include "error.h"

enum field_type {
	FIELD_STRING,
	FIELD_YESNO,		/* ACTIVE: sent as "Y" / "N" only */
	FIELD_DATE,		/* ISO date YYYY-MM-DD */
	FIELD_EMAIL,
	FIELD_GENDER,		/* "M", "F" or empty */
	FIELD_ID_LIST,		/* UF_DEPARTMENT: positive integers */
	FIELD_FILE,		/* PERSONAL_PHOTO, WORK_LOGO: only on request */
	FIELD_READONLY,		/* shown, never sent (ID, LAST_LOGIN ...) */
};

struct field_def {
	char *code;
	char *label;		/* portal's language when it told us */
	enum field_type type;
	bool custom;		/* UF_USR_* from user.userfield.list */
	char *note;		/* why a READONLY field is; may be NULL */
};

struct field_catalog;

/* The built-in catalogue from data/user-fields.tsv; NULL and err when the
 * file is missing or broken. */
struct field_catalog *fields_catalog_load(struct b24_error *err);
/* The same from a given file (tests, --datadir). */
struct field_catalog *fields_catalog_load_file(const char *path,
					       struct b24_error *err);
void fields_catalog_free(struct field_catalog *cat);
/* Labels from a user.fields result ({"CODE": "label"}); unknown codes are
 * added as strings. */
void fields_catalog_add_labels(struct field_catalog *cat,
			       const cJSON *user_fields_result);
/* Custom fields from a user.userfield.list result. */
void fields_catalog_add_custom(struct field_catalog *cat,
			       const cJSON *userfield_list_result);
size_t fields_count(const struct field_catalog *cat);
const struct field_def *fields_at(const struct field_catalog *cat, size_t i);
const struct field_def *fields_find(const struct field_catalog *cat,
				    const char *code);
/* Up to max closest known codes (edit distance), best first. */
size_t fields_suggest(const struct field_catalog *cat, const char *code,
		      const char **out, size_t max);

enum fields_flags {
	FIELDS_ALLOW_UNKNOWN = 1 << 0,	/* --allow-unknown-fields */
	FIELDS_ALLOW_FILES = 1 << 1,	/* a new photo was chosen */
};

/*
 * Check one value and normalise it in place (ACTIVE true/"yes"/1 -> "Y",
 * null -> "" to clear, UF_DEPARTMENT "5" -> [5]).  err says which field,
 * what is wrong and what would be right.
 */
bool fields_check_value(const struct field_def *def, cJSON *value,
			struct b24_error *err);
/* Check every member of a user-data object (in place); exit USAGE. */
bool fields_check_data(const struct field_catalog *cat, cJSON *data,
		       unsigned flags, struct b24_error *err);

#endif
