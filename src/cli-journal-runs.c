/* b24user journal --runs: the bulk runs in the journal, with the ids
 * that undo --run takes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-journal.h"
#include "journal.h"
#include "jsonutil.h"
#include "plural.h"

/* A run's summary object, found or added (first entry's time). */
static cJSON *run_of(cJSON *runs, const struct journal_entry *e)
{
	cJSON *r = cJSON_GetObjectItemCaseSensitive(runs, e->run);

	if (r)
		return r;
	r = cJSON_AddObjectToObject(runs, e->run);
	cJSON_AddStringToObject(r, "run", e->run);
	cJSON_AddStringToObject(r, "started", e->time);
	cJSON_AddStringToObject(r, "portal", e->portal ? e->portal : "");
	cJSON_AddNumberToObject(r, "entries", 0);
	cJSON_AddNumberToObject(r, "done", 0);
	cJSON_AddBoolToObject(r, "undo", e->undo_of > 0);
	return r;
}

static void count(cJSON *r, const char *key)
{
	cJSON *n = cJSON_GetObjectItemCaseSensitive(r, key);

	cJSON_SetNumberValue(n, n->valuedouble + 1);
}

static void print_run(const cJSON *r)
{
	int writes = (int)cJSON_GetNumberValue(json_get(r, "entries"));

	printf("%s %s %s: %d %s, %d done%s\n",
	       json_get_string(r, "run"), json_get_string(r, "started"),
	       json_get_string(r, "portal"), writes,
	       plural((size_t)writes, "write", "writes"),
	       (int)cJSON_GetNumberValue(json_get(r, "done")),
	       cJSON_IsTrue(json_get(r, "undo")) ? " (an undo)" : "");
}

void cli_journal_print_runs(const struct cli *cli,
			    const struct journal_list *l, long max)
{
	cJSON *runs = cJSON_CreateObject(), *list = cJSON_CreateArray();
	cJSON *r;
	long shown = 0;
	size_t i;
	char *text;

	for (i = 0; i < l->count; i++) {
		if (!l->entries[i].run)
			continue;
		r = run_of(runs, &l->entries[i]);
		count(r, "entries");
		if (l->entries[i].outcome == JOURNAL_DONE)
			count(r, "done");
	}
	/* Newest first: the runs in the order of their first entries. */
	for (r = cJSON_GetArrayItem(runs, cJSON_GetArraySize(runs) - 1);
	     r && (!max || shown < max); r = r->prev) {
		shown++;
		if (cli->json)
			cJSON_AddItemToArray(list, cJSON_Duplicate(r, true));
		else
			print_run(r);
		if (r == runs->child)
			break;
	}
	if (cli->json) {
		text = json_pretty(list);
		printf("%s\n", text);
		free(text);
	} else if (!shown) {
		printf("No bulk runs in the journal.\n");
	}
	cJSON_Delete(list);
	cJSON_Delete(runs);
}
