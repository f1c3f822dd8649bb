/* "Did you mean": the known words closest to a mistyped one, by edit
 * distance, for field names, commands and options alike. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "suggest.h"

/* Levenshtein distance, ignoring case; long inputs are capped. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strnlen(a, 63), lb = strnlen(b, 63);
	size_t row[64], i, j, prev, tmp, cost;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cost = toupper((unsigned char)a[i - 1]) !=
			       toupper((unsigned char)b[j - 1]);
			tmp = row[j];
			row[j] = prev + cost;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

/* How far code is from a known one; "BIRTHDAY" is close to
 * "PERSONAL_BIRTHDAY" because it is part of it. */
static size_t score(const char *code, const char *known)
{
	size_t d = distance(code, known);

	if (strlen(code) >= 3 && strcasestr(known, code) && d > 1)
		d = 1 + (strlen(known) - strlen(code)) / 8;
	return d;
}

void suggest_init(struct suggest *sg, const char *word, const char **out,
		  size_t max)
{
	sg->word = word;
	sg->limit = strlen(word) / 2 + 1;
	sg->out = out;
	sg->max = max > SUGGEST_MAX ? SUGGEST_MAX : max;
	sg->n = 0;
}

void suggest_offer(struct suggest *sg, const char *known)
{
	size_t s = score(sg->word, known), j;

	if (!sg->max || s > sg->limit ||
	    (sg->n == sg->max && s >= sg->scores[sg->n - 1]))
		return;
	j = sg->n < sg->max ? sg->n++ : sg->n - 1;
	for (; j > 0 && sg->scores[j - 1] > s; j--) {
		sg->scores[j] = sg->scores[j - 1];
		sg->out[j] = sg->out[j - 1];
	}
	sg->scores[j] = s;
	sg->out[j] = known;
}
