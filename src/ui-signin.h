/* OAuth 2.0 sign-in from the Connection form (ui-signin.c). */
#ifndef B24_UI_SIGNIN_H
#define B24_UI_SIGNIN_H

#include <stdbool.h>

#include "profile.h"
#include "secret.h"

struct console;
struct keyev;

/* Open the sign-in dialog for p; client_secret (typed, may be NULL:
 * then the store's) is taken over. */
void signin_open(struct console *c, const struct profile *p,
		 struct secret *client_secret);
/* Keys of the D_SIGNIN dialog. */
bool signin_key(struct console *c, const struct keyev *ev);

#endif
