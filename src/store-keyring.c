/*
 * The desktop keyring through libsecret: items of our own schema in the
 * default or the session collection, every call on a thread of its own
 * with a deadline so that a silent Secret Service freezes nothing.
 */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>

#include "store-impl.h"
#include "store-keyring-errors.h"
#include "xalloc.h"

#define KEYRING_DEADLINE 3.0

static const SecretSchema cred_schema = {
	"org.b24user.Credential", SECRET_SCHEMA_NONE,
	{
		{ "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "portal", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
	0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static const char *const kind_tags[] = {
	[SECRET_WEBHOOK] = "webhook",
	[SECRET_ACCESS_TOKEN] = "access_token",
	[SECRET_REFRESH_TOKEN] = "refresh_token",
	[SECRET_CLIENT_SECRET] = "client_secret",
	[SECRET_API_KEY] = "api_key",
};

enum kr_op { OP_PROBE, OP_GET, OP_PUT, OP_FORGET };

/* Everything a call needs, owned by the job: an abandoned thread may
 * outlive the caller's strings. */
struct kr_job {
	enum kr_op op;
	const char *collection;
	char *profile, *portal, *kind, *label;
	char *password;
	struct secret *result;
	enum keyring_state state;
	GError *error;
};

struct keyring_store {
	const char *collection;
};

static GHashTable *job_attributes(const struct kr_job *job)
{
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);

	g_hash_table_insert(h, (char *)"profile", job->profile);
	if (job->portal)
		g_hash_table_insert(h, (char *)"portal", job->portal);
	if (job->kind)
		g_hash_table_insert(h, (char *)"kind", job->kind);
	return h;
}

static void run_probe(struct kr_job *job)
{
	SecretService *svc;
	SecretCollection *coll;

	svc = secret_service_get_sync(SECRET_SERVICE_NONE, NULL, &job->error);
	if (!svc)
		return;
	coll = secret_collection_for_alias_sync(svc, SECRET_COLLECTION_DEFAULT,
						SECRET_COLLECTION_NONE, NULL,
						&job->error);
	if (coll)
		job->state = secret_collection_get_locked(coll) ?
			     KEYRING_LOCKED : KEYRING_UNLOCKED;
	else if (!job->error)
		job->state = KEYRING_NO_DEFAULT;
	g_clear_object(&coll);
	g_object_unref(svc);
}

static void run_get(struct kr_job *job)
{
	GHashTable *attrs = job_attributes(job);
	gchar *pw;

	pw = secret_password_lookupv_nonpageable_sync(&cred_schema, attrs,
						       NULL, &job->error);
	if (pw) {
		job->result = secret_new(pw);
		secret_password_free(pw);
	}
	g_hash_table_unref(attrs);
}

static bool item_is_new(SecretItem *item, const struct kr_job *job)
{
	GHashTable *attrs = secret_item_get_attributes(item);
	const char *portal = g_hash_table_lookup(attrs, "portal");
	SecretValue *v = secret_item_get_secret(item);
	bool same = portal && strcmp(portal, job->portal) == 0 && v &&
		    strcmp(secret_value_get_text(v), job->password) == 0;

	if (v)
		secret_value_unref(v);
	g_hash_table_unref(attrs);
	return same;
}

/* After a store, drop older copies (another portal, another collection)
 * so a rotated secret leaves nothing behind. */
static void drop_old_copies(struct kr_job *job)
{
	char *portal = job->portal;
	GHashTable *attrs;
	GList *items, *l;
	bool kept = false;

	job->portal = NULL;
	attrs = job_attributes(job);
	job->portal = portal;
	items = secret_service_search_sync(NULL, &cred_schema, attrs,
					   SECRET_SEARCH_ALL |
					   SECRET_SEARCH_LOAD_SECRETS,
					   NULL, NULL);
	for (l = items; l; l = l->next) {
		SecretItem *item = l->data;

		if (secret_item_get_locked(item))
			continue;
		if (!kept && item_is_new(item, job))
			kept = true;
		else
			(void)secret_item_delete_sync(item, NULL, NULL);
	}
	g_list_free_full(items, g_object_unref);
	g_hash_table_unref(attrs);
}

static void run_put(struct kr_job *job)
{
	GHashTable *attrs = job_attributes(job);

	if (secret_password_storev_sync(&cred_schema, attrs, job->collection,
					job->label, job->password, NULL,
					&job->error))
		drop_old_copies(job);
	g_hash_table_unref(attrs);
}

static void run_forget(struct kr_job *job)
{
	GHashTable *attrs = job_attributes(job);

	(void)secret_password_clearv_sync(&cred_schema, attrs, NULL,
					  &job->error);
	g_hash_table_unref(attrs);
}

static void job_run(void *arg)
{
	static void (*const ops[])(struct kr_job *) = {
		[OP_PROBE] = run_probe,
		[OP_GET] = run_get,
		[OP_PUT] = run_put,
		[OP_FORGET] = run_forget,
	};
	struct kr_job *job = arg;

	ops[job->op](job);
}

static void job_done(void *arg)
{
	struct kr_job *job = arg;

	if (job->password)
		secret_wipe(job->password, strlen(job->password));
	free(job->password);
	secret_free(job->result);
	free(job->profile);
	free(job->portal);
	free(job->kind);
	free(job->label);
	g_clear_error(&job->error);
	free(job);
}

static struct kr_job *job_new(enum kr_op op, const struct cred_key *key)
{
	struct kr_job *job = xcalloc(1, sizeof *job);

	job->op = op;
	job->state = KEYRING_FAILED;
	if (key) {
		job->profile = xstrdup(key->profile);
		job->portal = key->portal ? xstrdup(key->portal) : NULL;
	}
	return job;
}

static void timed_out(struct b24_error *err, bool earlier)
{
	b24_error_set(err, B24_EXIT_AUTH, "keyring_timeout",
		      "The Secret Service did not answer %s; it may be "
		      "waiting for an unlock dialog on another display, or "
		      "it hangs.", earlier ? "an earlier request" :
		      "within 3 seconds");
	b24_error_hint(err, "Look for an unlock dialog on your screen. "
		       "%s", RESTART_HINT);
}

/* True when the job finished; it then still belongs to the caller. */
static bool run_job(struct kr_job *job, struct b24_error *err)
{
	if (deadline_stalled()) {
		job_done(job);
		timed_out(err, true);
		return false;
	}
	if (!deadline_run(job_run, job_done, job, KEYRING_DEADLINE)) {
		timed_out(err, false);
		return false;
	}
	return true;
}

enum keyring_state keyring_probe(struct b24_error *err)
{
	struct kr_job *job;
	enum keyring_state state;

	if (!session_bus_reachable()) {
		b24_error_set(err, B24_EXIT_AUTH, "no_dbus",
			      "No Secret Service is reachable here (no D-Bus "
			      "session).");
		b24_error_hint(err, "%s", START_KEYRING_HINT);
		return KEYRING_NO_BUS;
	}
	job = job_new(OP_PROBE, NULL);
	if (!run_job(job, err))
		return KEYRING_TIMEOUT;
	state = job->error ? keyring_error(job->error, err) : job->state;
	if (!job->error)
		keyring_explain_state(state, err);
	job_done(job);
	return state;
}

/* Run a finished job's error into err; false when there was one. */
static bool job_ok(struct kr_job *job, struct b24_error *err)
{
	if (!job->error)
		return true;
	(void)keyring_error(job->error, err);
	return false;
}

static bool kr_get(void *impl, const struct cred_key *key,
		   enum secret_kind kind, struct secret **out,
		   struct b24_error *err)
{
	struct kr_job *job = job_new(OP_GET, key);
	bool ok;

	job->kind = xstrdup(kind_tags[kind]);
	if (!run_job(job, err))
		return false;
	ok = job_ok(job, err);
	*out = job->result;
	job->result = NULL;
	job_done(job);
	return ok;
}

static char *make_label(const struct cred_key *key, enum secret_kind kind)
{
	const char *host = key->portal ? key->portal : "";
	const char *name = secret_kind_name(kind);

	if (strncmp(host, "https://", 8) == 0)
		host += 8;
	return g_strdup_printf("b24user: %s for %s (profile %s)", name, host,
			       key->profile);
}

static bool kr_put(void *impl, const struct cred_key *key,
		   enum secret_kind kind, const struct secret *value,
		   struct b24_error *err)
{
	struct keyring_store *ks = impl;
	struct kr_job *job = job_new(OP_PUT, key);
	char *label = make_label(key, kind);
	bool ok;

	job->collection = ks->collection;
	job->kind = xstrdup(kind_tags[kind]);
	job->label = xstrdup(label);
	job->password = xstrdup(secret_reveal(value));
	if (!job->portal)
		job->portal = xstrdup("");
	g_free(label);
	if (!run_job(job, err))
		return false;
	ok = job_ok(job, err);
	job_done(job);
	return ok;
}

static bool kr_forget(void *impl, const struct cred_key *key,
		      struct b24_error *err)
{
	struct kr_job *job = job_new(OP_FORGET, key);
	bool ok;

	if (!run_job(job, err))
		return false;
	ok = job_ok(job, err);
	job_done(job);
	return ok;
}

void *keyring_store_open(enum cred_source where)
{
	struct keyring_store *ks = xcalloc(1, sizeof *ks);

	ks->collection = where == CRED_SESSION ? SECRET_COLLECTION_SESSION :
			 SECRET_COLLECTION_DEFAULT;
	return ks;
}

static void kr_free(void *impl)
{
	free(impl);
}

const struct store_ops keyring_store_ops = {
	.get = kr_get,
	.put = kr_put,
	.forget = kr_forget,
	.free = kr_free,
};
