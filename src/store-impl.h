/*
 * Inside the credential store: what every backend (memory, keyring,
 * file) provides to the front in store.c.  Not for use outside creds.
 */
#ifndef B24_STORE_IMPL_H
#define B24_STORE_IMPL_H

#include <stdbool.h>

#include "creds.h"

/* What to do, for the sentences and hints of the keyring cases.  The
 * password goes through a variable so it stays out of shell history. */
#define UNLOCK_CMD(opt) \
	"read -rs pw && printf %s \"$pw\" | gnome-keyring-daemon " opt \
	"--unlock --components=secrets; unset pw"
#define START_KEYRING_HINT \
	"To keep secrets for this SSH session, start a shell with its own " \
	"keyring: dbus-run-session -- bash, then in that shell type your " \
	"keyring password after: " UNLOCK_CMD("")
#define START_PROVIDER_HINT \
	"Start a keyring in this session (Debian package gnome-keyring), " \
	"typing your keyring password after: " UNLOCK_CMD("")
#define UNLOCK_HINT \
	"Unlock it by logging in on the desktop, or here by typing your " \
	"login password after: " UNLOCK_CMD("--replace ")
#define NO_DEFAULT_HINT \
	"Create it by typing a new keyring password after: " \
	UNLOCK_CMD("--replace ")
#define DENIED_HINT \
	"Run b24user as the user who owns the desktop session, and check " \
	"that no sandbox or D-Bus policy blocks it."
#define RESTART_HINT \
	"Restart the keyring daemon (log out and in, or " \
	UNLOCK_CMD("--replace ") ") and try again."

/* Which items an operation touches; portal NULL means any portal. */
struct cred_key {
	const char *profile;
	const char *portal;
};

struct store_ops {
	bool (*get)(void *impl, const struct cred_key *key,
		    enum secret_kind kind, struct secret **out,
		    struct b24_error *err);
	bool (*put)(void *impl, const struct cred_key *key,
		    enum secret_kind kind, const struct secret *value,
		    struct b24_error *err);
	bool (*forget)(void *impl, const struct cred_key *key,
		       struct b24_error *err);
	void (*free)(void *impl);
};

/* The memory backend: one table per process, wiped at exit. */
extern const struct store_ops memory_store_ops;

/* The file backend; path is copied.  Checks the file at once. */
void *file_store_open(const char *path, struct b24_error *err);
extern const struct store_ops file_store_ops;

#ifdef HAVE_LIBSECRET
enum keyring_state {
	KEYRING_UNLOCKED,	/* default collection usable */
	KEYRING_LOCKED,		/* default collection locked */
	KEYRING_NO_DEFAULT,	/* a Secret Service without a default */
	KEYRING_NO_BUS,		/* no session bus to talk to */
	KEYRING_NO_PROVIDER,	/* a bus, but no Secret Service */
	KEYRING_DENIED,		/* the bus or service refused us */
	KEYRING_TIMEOUT,	/* the service did not answer in time */
	KEYRING_FAILED,		/* anything else; see the error */
};

/* Never prompts; answers within the deadline.  err explains states
 * other than KEYRING_UNLOCKED. */
enum keyring_state keyring_probe(struct b24_error *err);
/* Items go to the default collection (CRED_KEYRING) or the session
 * collection (CRED_SESSION). */
void *keyring_store_open(enum cred_source where);
extern const struct store_ops keyring_store_ops;
#endif

/*
 * Run fn(arg) on a thread of its own and wait at most seconds.  True:
 * fn finished and arg is the caller's again.  False: time is up (or no
 * thread could start); the thread calls done(arg) when fn returns.
 */
bool deadline_run(void (*fn)(void *), void (*done)(void *), void *arg,
		  double seconds);
/* True while an abandoned call has not come back yet. */
bool deadline_stalled(void);

/* Hand a warning to the creds_set_warn() receiver. */
void store_warn(const char *message);

/* True when a session bus can be reached without autolaunching one. */
bool session_bus_reachable(void);

#endif
