/* "Did you mean": the closest known words to a mistyped one. */
#ifndef B24_SUGGEST_H
#define B24_SUGGEST_H

#include <stddef.h>

#define SUGGEST_MAX 16

struct suggest {
	const char *word;
	size_t limit, n, max;
	const char **out;		/* best first, n of them */
	size_t scores[SUGGEST_MAX];
};

/* Up to max of the words offered next, closest to word first. */
void suggest_init(struct suggest *sg, const char *word, const char **out,
		  size_t max);
void suggest_offer(struct suggest *sg, const char *known);

#endif
