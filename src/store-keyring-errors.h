/* Secret Service failures in plain words (internal to store-keyring.c). */
#ifndef B24_STORE_KEYRING_ERRORS_H
#define B24_STORE_KEYRING_ERRORS_H

#include <glib.h>

#include "error.h"
#include "store-impl.h"

/* err filled from what a libsecret call failed with; the state it
 * means. */
enum keyring_state keyring_error(const GError *e, struct b24_error *err);
/* err filled for a state a probe found that keeps secrets out (locked,
 * no login keyring); left alone for the others. */
void keyring_explain_state(enum keyring_state state, struct b24_error *err);

#endif
