/* The exporter's insides, shared by export*.c only. */
#ifndef B24_EXPORT_INTERNAL_H
#define B24_EXPORT_INTERNAL_H

#include "export.h"

struct export_table;

struct export {
	FILE *out;
	struct export_options opt;
	cJSON *fields;		/* owned, ID first; CSV: from the first user */
	long count;
	int write_errno;	/* of the first failed write, or 0 */
	struct export_table *table;
};

void export_csv_header(struct export *ex, const cJSON *first_user);
void export_csv_user(struct export *ex, const cJSON *user);
void export_csv_end(struct export *ex);

void export_table_begin(struct export *ex);
void export_table_user(struct export *ex, const cJSON *user);
void export_table_end(struct export *ex);

#endif
