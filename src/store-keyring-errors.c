/* Secret Service failures in words a helpdesk person can act on: each
 * D-Bus, libsecret or GIO error mapped to a keyring state, a message and
 * what to do. */
#include "config.h"

#include <libsecret/secret.h>

#include "log.h"
#include "store-keyring-errors.h"

struct error_case {
	GQuark (*domain)(void);
	int code;		/* -1: any code of the domain */
	enum keyring_state state;
	const char *tag;
	const char *message;	/* the library's words follow, if useful */
	const char *hint;
	bool quote;		/* they help the reader (else: log only) */
};

static const struct error_case error_cases[] = {
	{ g_dbus_error_quark, G_DBUS_ERROR_SERVICE_UNKNOWN,
	  KEYRING_NO_PROVIDER, "no_secret_service",
	  "A D-Bus session runs, but no Secret Service (such as "
	  "gnome-keyring) answers on it", START_PROVIDER_HINT, false },
	{ g_dbus_error_quark, G_DBUS_ERROR_NAME_HAS_NO_OWNER,
	  KEYRING_NO_PROVIDER, "no_secret_service",
	  "A D-Bus session runs, but no Secret Service (such as "
	  "gnome-keyring) answers on it", START_PROVIDER_HINT, false },
	{ g_dbus_error_quark, G_DBUS_ERROR_ACCESS_DENIED, KEYRING_DENIED,
	  "keyring_denied", "The Secret Service refused access",
	  DENIED_HINT, false },
	{ g_dbus_error_quark, G_DBUS_ERROR_AUTH_FAILED, KEYRING_DENIED,
	  "keyring_denied", "The D-Bus session refused access",
	  DENIED_HINT, false },
	{ g_dbus_error_quark, G_DBUS_ERROR_NO_REPLY, KEYRING_TIMEOUT,
	  "keyring_timeout", "The Secret Service did not answer",
	  RESTART_HINT, false },
	{ g_dbus_error_quark, G_DBUS_ERROR_TIMEOUT, KEYRING_TIMEOUT,
	  "keyring_timeout", "The Secret Service did not answer",
	  RESTART_HINT, false },
	{ g_dbus_error_quark, G_DBUS_ERROR_UNKNOWN_METHOD, KEYRING_NO_DEFAULT,
	  "no_login_keyring", "There is no login keyring to keep secrets "
	  "in", NO_DEFAULT_HINT, false },
	{ g_dbus_error_quark, G_DBUS_ERROR_UNKNOWN_OBJECT, KEYRING_NO_DEFAULT,
	  "no_login_keyring", "There is no login keyring to keep secrets "
	  "in", NO_DEFAULT_HINT, false },
	{ secret_error_get_quark, SECRET_ERROR_IS_LOCKED, KEYRING_LOCKED,
	  "keyring_locked", "The login keyring is locked, and b24user "
	  "never opens an unlock dialog", UNLOCK_HINT, false },
	{ g_io_error_quark, G_IO_ERROR_TIMED_OUT, KEYRING_TIMEOUT,
	  "keyring_timeout", "The Secret Service did not answer",
	  RESTART_HINT, false },
	{ g_io_error_quark, -1, KEYRING_NO_BUS, "no_dbus",
	  "The D-Bus session cannot be reached", START_KEYRING_HINT, true },
	{ g_spawn_error_quark, -1, KEYRING_NO_BUS, "no_dbus",
	  "The D-Bus session cannot be reached", START_KEYRING_HINT, true },
	{ g_spawn_exit_error_quark, -1, KEYRING_NO_BUS, "no_dbus",
	  "The D-Bus session cannot be reached", START_KEYRING_HINT, true },
};

enum keyring_state keyring_error(const GError *e, struct b24_error *err)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(error_cases); i++) {
		const struct error_case *c = &error_cases[i];

		if (e->domain != c->domain() ||
		    (c->code >= 0 && e->code != c->code))
			continue;
		log_debug("Secret Service: %s", e->message);
		if (c->quote)
			b24_error_set(err, B24_EXIT_AUTH, c->tag, "%s (%s).",
				      c->message, e->message);
		else
			b24_error_set(err, B24_EXIT_AUTH, c->tag, "%s.",
				      c->message);
		b24_error_hint(err, "%s", c->hint);
		return c->state;
	}
	b24_error_set(err, B24_EXIT_AUTH, "keyring_failed",
		      "The Secret Service failed (%s).", e->message);
	b24_error_hint(err, "%s", RESTART_HINT);
	return KEYRING_FAILED;
}

void keyring_explain_state(enum keyring_state state, struct b24_error *err)
{
	if (state == KEYRING_LOCKED) {
		b24_error_set(err, B24_EXIT_AUTH, "keyring_locked",
			      "The login keyring is locked, and b24user never "
			      "opens an unlock dialog.");
		b24_error_hint(err, "%s", UNLOCK_HINT);
	} else if (state == KEYRING_NO_DEFAULT) {
		b24_error_set(err, B24_EXIT_AUTH, "no_login_keyring",
			      "A Secret Service runs, but there is no login "
			      "keyring (default collection).");
		b24_error_hint(err, "%s", NO_DEFAULT_HINT);
	}
}
