/* What every fuzz target shares: one source serves libFuzzer (built with
 * -DB24_LIBFUZZER) and the replay test (names per target, one program). */
#ifndef B24_FUZZ_H
#define B24_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef B24_LIBFUZZER
#define FUZZ_INIT(name) LLVMFuzzerInitialize
#define FUZZ_ONE(name) LLVMFuzzerTestOneInput
#else
#define FUZZ_INIT(name) fuzz_##name##_init
#define FUZZ_ONE(name) fuzz_##name##_one
#endif

#define FUZZ_DECLARE(name) \
	int FUZZ_INIT(name)(int *argc, char ***argv); \
	int FUZZ_ONE(name)(const uint8_t *data, size_t size);

FUZZ_DECLARE(envelope)
FUZZ_DECLARE(webhook)
FUZZ_DECLARE(config)
FUZZ_DECLARE(fields)
FUZZ_DECLARE(lineedit)

/* A broken promise is a crash, so libFuzzer keeps the input; assert()
 * would vanish in builds with NDEBUG. */
#define FUZZ_ASSERT(cond) \
	((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

static inline void fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: property failed: %s\n", file, line, what);
	abort();
}

/* The input as a C string (cut at the first NUL); free with free(). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* No ASCII control characters: safe to print on a terminal line. */
static inline int fuzz_no_controls(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

#endif
