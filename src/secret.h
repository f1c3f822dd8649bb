/*
 * A secret (webhook code, token, client secret): its own type so that it
 * is never formatted into a log line by accident, and wiped when freed.
 */
#ifndef B24_SECRET_H
#define B24_SECRET_H

#include <stddef.h>

struct secret;

struct secret *secret_new(const char *value);
struct secret *secret_new_len(const char *value, size_t len);
struct secret *secret_dup(const struct secret *s);
/* Wipe and free; NULL is allowed. */
void secret_free(struct secret *s);
/* The plain text, for the one place that must send it (HTTP, keyring). */
const char *secret_reveal(const struct secret *s);
size_t secret_len(const struct secret *s);
int secret_equal(const struct secret *a, const struct secret *b);
/* A short hint safe to show, such as "…3f9a" (last 4 of 16+ chars). */
void secret_hint(const struct secret *s, char *out, size_t outlen);
/* Wipe n bytes in a way the compiler may not optimise away. */
void secret_wipe(void *p, size_t n);

#endif
