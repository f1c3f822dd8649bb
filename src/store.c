/*
 * The credential store front: picks the backend a profile asks for (or
 * the best one that works here), and says in one sentence where secrets
 * are kept and why.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "paths.h"
#include "store-impl.h"
#include "strbuf.h"
#include "xalloc.h"

struct cred_store {
	const struct store_ops *ops;
	void *impl;
	enum cred_source kind;
	char *describe;		/* one sentence: where and why */
	char *hint;		/* what would help; "" if nothing */
};

static cred_warn_fn warn_fn;
static void *warn_ctx;

void creds_set_warn(cred_warn_fn fn, void *ctx)
{
	warn_fn = fn;
	warn_ctx = ctx;
}

void store_warn(const char *message)
{
	if (warn_fn)
		warn_fn(message, warn_ctx);
	else
		fprintf(stderr, "b24user: warning: %s\n", message);
}

bool session_bus_reachable(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *run = getenv("XDG_RUNTIME_DIR");
	struct stat sb;
	char *bus;
	bool ok;

	if (addr && *addr)
		return true;
	if (!run || !*run)
		return false;
	bus = xmalloc(strlen(run) + sizeof "/bus");
	strcpy(bus, run);
	strcat(bus, "/bus");
	ok = stat(bus, &sb) == 0 && S_ISSOCK(sb.st_mode);
	free(bus);
	return ok;
}

static struct cred_store *store_new(const struct store_ops *ops, void *impl,
				    enum cred_source kind)
{
	struct cred_store *st = xcalloc(1, sizeof *st);

	st->ops = ops;
	st->impl = impl;
	st->kind = kind;
	st->describe = xstrdup("");
	st->hint = xstrdup("");
	return st;
}

static void store_say(struct cred_store *st, const char *describe,
		      const char *hint)
{
	free(st->describe);
	free(st->hint);
	st->describe = xstrdup(describe);
	st->hint = xstrdup(hint ? hint : "");
}

static struct cred_store *memory_store(const char *why, const char *hint)
{
	struct cred_store *st = store_new(&memory_store_ops, NULL,
					  CRED_MEMORY);
	struct strbuf sb;

	sb_init(&sb);
	sb_append(&sb, why);
	if (sb.len && sb.buf[sb.len - 1] == '.')
		sb.buf[--sb.len] = '\0';
	sb_append(&sb, ": secrets you type are kept in memory only and "
		  "forgotten when b24user exits.");
	store_say(st, sb.buf, hint);
	sb_free(&sb);
	return st;
}

static struct cred_store *open_memory(const struct profile *p)
{
	struct cred_store *st = store_new(&memory_store_ops, NULL,
					  CRED_MEMORY);
	struct strbuf sb;

	sb_init(&sb);
	sb_printf(&sb, "Secrets you type are kept in memory only and "
		  "forgotten when b24user exits, because profile \"%s\" "
		  "chose the memory store.", p->name ? p->name : "");
	store_say(st, sb.buf, "");
	sb_free(&sb);
	return st;
}

static char *credentials_path(void)
{
	char *config = paths_config_file();
	char *slash = strrchr(config, '/');
	struct strbuf sb;

	if (slash)
		*slash = '\0';
	sb_init(&sb);
	sb_printf(&sb, "%s/credentials", slash ? config : ".");
	free(config);
	return sb_steal(&sb);
}

static struct cred_store *open_file(const struct profile *p,
				    struct b24_error *err)
{
	char *path = credentials_path();
	void *impl = file_store_open(path, err);
	struct cred_store *st;
	struct strbuf sb;

	if (!impl) {
		free(path);
		return NULL;
	}
	st = store_new(&file_store_ops, impl, CRED_FILE);
	sb_init(&sb);
	sb_printf(&sb, "Secrets are kept in plain text in the file %s, "
		  "because profile \"%s\" chose the file store.", path,
		  p->name);
	store_say(st, sb.buf, "");
	sb_free(&sb);
	free(path);
	return st;
}

#ifdef HAVE_LIBSECRET
#define SESSION_LOST " (--replace restarts the keyring daemon: run " \
	"\"b24user auth login\" again afterwards.)"

static struct cred_store *keyring_store(enum cred_source where,
					const char *describe,
					const char *hint)
{
	struct cred_store *st = store_new(&keyring_store_ops,
					  keyring_store_open(where), where);

	store_say(st, describe, hint);
	return st;
}

static struct cred_store *session_store(enum keyring_state state)
{
	struct strbuf sb;
	struct cred_store *st;

	sb_init(&sb);
	sb_printf(&sb, "Secrets are kept in the keyring's session "
		  "collection and forgotten when the keyring daemon stops "
		  "(usually when you log out), because the login keyring is "
		  "%s.", state == KEYRING_LOCKED ? "locked" : "missing");
	st = keyring_store(CRED_SESSION, sb.buf, state == KEYRING_LOCKED ?
			   UNLOCK_HINT SESSION_LOST : NO_DEFAULT_HINT
			   SESSION_LOST);
	sb_free(&sb);
	return st;
}

static struct cred_store *open_auto(void)
{
	struct b24_error why;
	enum keyring_state state;

	if (!session_bus_reachable())
		return memory_store("No Secret Service is reachable here (no "
				    "D-Bus session)", START_KEYRING_HINT);
	b24_error_clear(&why);
	state = keyring_probe(&why);
	if (state == KEYRING_UNLOCKED)
		return keyring_store(CRED_KEYRING, "Secrets are kept in the "
				     "desktop keyring (default collection).",
				     "");
	if (state == KEYRING_LOCKED || state == KEYRING_NO_DEFAULT)
		return session_store(state);
	return memory_store(why.message, why.hint);
}

/* A profile that insists on the keyring gets it or an explanation. */
static struct cred_store *open_keyring(enum cred_source where,
				       struct b24_error *err)
{
	enum keyring_state state;

	if (!session_bus_reachable()) {
		b24_error_set(err, B24_EXIT_AUTH, "no_dbus",
			      "No Secret Service is reachable here: there is "
			      "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is "
			      "not set).");
		b24_error_hint(err, "%s", START_KEYRING_HINT);
		return NULL;
	}
	state = keyring_probe(err);
	if (state == KEYRING_UNLOCKED)
		return keyring_store(where, "Secrets are kept in the desktop "
				     "keyring (default collection).", "");
	if (where == CRED_SESSION &&
	    (state == KEYRING_LOCKED || state == KEYRING_NO_DEFAULT))
		return session_store(state);
	return NULL;
}
#else
static struct cred_store *open_auto(void)
{
	return memory_store("This b24user was built without keyring "
			    "support", "Rebuild with libsecret "
			    "(libsecret-1-dev), or choose secret_store=file "
			    "in the profile.");
}

static struct cred_store *open_keyring(enum cred_source where,
				       struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_AUTH, "no_keyring_support",
		      "This b24user was built without keyring support.");
	b24_error_hint(err, "Rebuild with libsecret (libsecret-1-dev), or "
		       "choose another secret_store in the profile.");
	return NULL;
}
#endif

struct cred_store *cred_store_open(const struct profile *p,
				   struct b24_error *err)
{
	enum store_choice choice = p ? p->secret_store : STORE_AUTO;

	switch (choice) {
	case STORE_MEMORY:
		return open_memory(p);
	case STORE_FILE:
		return open_file(p, err);
	case STORE_KEYRING:
		return open_keyring(CRED_KEYRING, err);
	case STORE_SESSION:
		return open_keyring(CRED_SESSION, err);
	case STORE_AUTO:
		break;
	}
	return open_auto();
}

void cred_store_free(struct cred_store *st)
{
	if (!st)
		return;
	st->ops->free(st->impl);
	free(st->describe);
	free(st->hint);
	free(st);
}

enum cred_source cred_store_kind(const struct cred_store *st)
{
	return st ? st->kind : CRED_NONE;
}

const char *cred_store_describe(const struct cred_store *st)
{
	return st ? st->describe : "No credential store is open.";
}

const char *cred_store_hint(const struct cred_store *st)
{
	return st ? st->hint : "";
}

static bool key_ok(const char *profile, struct b24_error *err)
{
	if (profile && *profile)
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "no_profile",
		      "Credentials need a profile name to be stored under.");
	b24_error_hint(err, "Pass --profile NAME.");
	return false;
}

bool cred_store_get(struct cred_store *st, const char *profile,
		    const char *portal, enum secret_kind kind,
		    struct secret **out, struct b24_error *err)
{
	struct cred_key key = { profile, portal };

	*out = NULL;
	if (!key_ok(profile, err) ||
	    !st->ops->get(st->impl, &key, kind, out, err))
		return false;
	if (*out)
		log_add_secret(secret_reveal(*out));
	return true;
}

bool cred_store_put(struct cred_store *st, const char *profile,
		    const char *portal, enum secret_kind kind,
		    const struct secret *value, struct b24_error *err)
{
	struct cred_key key = { profile, portal };

	if (!key_ok(profile, err))
		return false;
	log_add_secret(secret_reveal(value));
	return st->ops->put(st->impl, &key, kind, value, err);
}

bool cred_store_forget(struct cred_store *st, const char *profile,
		       const char *portal, struct b24_error *err)
{
	struct cred_key key = { profile, portal };

	return key_ok(profile, err) && st->ops->forget(st->impl, &key, err);
}
