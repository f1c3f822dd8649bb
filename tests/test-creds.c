/* Unit tests for the credentials module: environment capture, resolve,
 * the memory and file stores, backend choice without a bus, deadlines. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "creds.h"
#include "store-impl.h"

#define HOOK "https://portal.example/rest/7/abcdef0123456789/"

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	char run[128];

	snprintf(tmpdir, sizeof tmpdir, "/tmp/test-creds.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	snprintf(run, sizeof run, "%s/run", tmpdir);
	mkdir(run, 0700);
	setenv("XDG_RUNTIME_DIR", run, 1);
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	return 0;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *cred_path(void)
{
	static char path[128];

	snprintf(path, sizeof path, "%s/b24user/credentials", tmpdir);
	return path;
}

static struct profile file_profile(void)
{
	struct profile p;

	memset(&p, 0, sizeof p);
	p.name = (char *)"prod";
	p.portal = (char *)"https://portal.example";
	p.auth = AUTH_WEBHOOK;
	p.secret_store = STORE_FILE;
	return p;
}

static void env_is_captured_and_removed(void **state)
{
	setenv("B24USER_WEBHOOK_URL", HOOK, 1);
	setenv("B24USER_CLIENT_ID", "app.123", 1);
	setenv("B24USER_ACCESS_TOKEN", "", 1);
	creds_capture_env();
	assert_null(getenv("B24USER_WEBHOOK_URL"));
	assert_null(getenv("B24USER_CLIENT_ID"));
	assert_null(getenv("B24USER_ACCESS_TOKEN"));
	assert_string_equal(secret_reveal(creds_env("B24USER_WEBHOOK_URL")),
			    HOOK);
	assert_string_equal(secret_reveal(creds_env("B24USER_CLIENT_ID")),
			    "app.123");
	assert_null(creds_env("B24USER_ACCESS_TOKEN"));
	assert_null(creds_env("HOME"));
	creds_release_env();
	assert_null(creds_env("B24USER_WEBHOOK_URL"));
}

static void capture_turns_core_dumps_off(void **state)
{
	struct rlimit rl;

	creds_capture_env();
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
	assert_int_equal(rl.rlim_max, 0);
	creds_release_env();
}

static void env_webhook_resolves_without_profile(void **state)
{
	struct rest_creds c;
	enum cred_source src;
	struct b24_error err;

	setenv("B24USER_WEBHOOK_URL", HOOK, 1);
	creds_capture_env();
	b24_error_clear(&err);
	assert_true(creds_resolve(NULL, NULL, &c, &src, &err));
	assert_int_equal(src, CRED_ENV);
	assert_int_equal(c.method, AUTH_WEBHOOK);
	assert_string_equal(c.portal, "https://portal.example");
	assert_string_equal(secret_reveal(c.webhook), HOOK);
	rest_creds_clear(&c);
	creds_release_env();
}

static void env_webhook_for_another_portal_is_refused(void **state)
{
	struct profile p = file_profile();
	struct rest_creds c;
	enum cred_source src;
	struct b24_error err;

	p.portal = (char *)"https://other.example";
	setenv("B24USER_WEBHOOK_URL", HOOK, 1);
	creds_capture_env();
	b24_error_clear(&err);
	assert_false(creds_resolve(&p, NULL, &c, &src, &err));
	assert_int_equal(err.exit, B24_EXIT_AUTH);
	assert_string_equal(err.code, "portal_mismatch");
	assert_null(strstr(err.message, "abcdef0123456789"));
	creds_release_env();
}

static void nothing_found_says_what_to_do(void **state)
{
	struct profile p = file_profile();
	struct cred_store *st;
	struct rest_creds c;
	enum cred_source src;
	struct b24_error err;

	p.secret_store = STORE_MEMORY;
	b24_error_clear(&err);
	st = cred_store_open(&p, &err);
	assert_non_null(st);
	assert_false(creds_resolve(&p, st, &c, &src, &err));
	assert_int_equal(err.exit, B24_EXIT_AUTH);
	assert_string_equal(err.code, "no_credentials");
	assert_non_null(strstr(err.hint, "auth login --profile prod"));
	cred_store_free(st);
}

static void memory_store_keeps_rotates_and_forgets(void **state)
{
	struct profile p = file_profile();
	struct cred_store *a, *b;
	struct secret *v1 = secret_new("one-secret-value-1");
	struct secret *v2 = secret_new("two-secret-value-2");
	struct secret *got;
	struct b24_error err;

	p.secret_store = STORE_MEMORY;
	a = cred_store_open(&p, &err);
	assert_int_equal(cred_store_kind(a), CRED_MEMORY);
	assert_non_null(strstr(cred_store_describe(a), "memory only"));
	assert_string_equal(cred_store_hint(a), "");
	assert_true(cred_store_put(a, "prod", p.portal, SECRET_WEBHOOK, v1,
				   &err));
	assert_true(cred_store_put(a, "prod", p.portal, SECRET_WEBHOOK, v2,
				   &err));
	b = cred_store_open(&p, &err);
	assert_true(cred_store_get(b, "prod", p.portal, SECRET_WEBHOOK, &got,
				   &err));
	assert_true(secret_equal(got, v2));
	secret_free(got);
	assert_true(cred_store_get(b, "prod", p.portal, SECRET_ACCESS_TOKEN,
				   &got, &err));
	assert_null(got);
	assert_true(cred_store_forget(a, "prod", NULL, &err));
	assert_true(cred_store_get(b, "prod", p.portal, SECRET_WEBHOOK, &got,
				   &err));
	assert_null(got);
	cred_store_free(a);
	cred_store_free(b);
	secret_free(v1);
	secret_free(v2);
}

static void auto_without_bus_is_memory_and_says_why(void **state)
{
	struct cred_store *st;
	struct b24_error err;

	b24_error_clear(&err);
	st = cred_store_open(NULL, &err);
	assert_non_null(st);
	assert_int_equal(cred_store_kind(st), CRED_MEMORY);
	assert_false(session_bus_reachable());
#ifdef HAVE_LIBSECRET
	assert_string_equal(cred_store_describe(st),
			    "No Secret Service is reachable here (no D-Bus "
			    "session): secrets you type are kept in memory "
			    "only and forgotten when b24user exits.");
	assert_non_null(strstr(cred_store_hint(st), "dbus-run-session"));
#endif
	cred_store_free(st);
}

static void file_store_round_trip(void **state)
{
	struct profile p = file_profile();
	struct cred_store *st;
	struct secret *v1 = secret_new(HOOK);
	struct secret *v2 = secret_new("https://portal.example/rest/7/zz/");
	struct secret *got;
	struct b24_error err;
	struct stat sb;

	unlink(cred_path());
	st = cred_store_open(&p, &err);
	assert_non_null(st);
	assert_int_equal(cred_store_kind(st), CRED_FILE);
	assert_non_null(strstr(cred_store_describe(st), cred_path()));
	assert_true(cred_store_put(st, "prod", p.portal, SECRET_WEBHOOK, v1,
				   &err));
	assert_int_equal(stat(cred_path(), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(cred_store_put(st, "other", p.portal, SECRET_WEBHOOK, v1,
				   &err));
	assert_true(cred_store_put(st, "prod", p.portal, SECRET_WEBHOOK, v2,
				   &err));
	assert_true(cred_store_get(st, "prod", p.portal, SECRET_WEBHOOK, &got,
				   &err));
	assert_true(secret_equal(got, v2));
	secret_free(got);
	assert_true(cred_store_forget(st, "prod", NULL, &err));
	assert_true(cred_store_get(st, "prod", p.portal, SECRET_WEBHOOK, &got,
				   &err));
	assert_null(got);
	assert_true(cred_store_get(st, "other", p.portal, SECRET_WEBHOOK,
				   &got, &err));
	assert_true(secret_equal(got, v1));
	secret_free(got);
	cred_store_free(st);
	secret_free(v1);
	secret_free(v2);
}

static void collect_warning(const char *message, void *ctx)
{
	snprintf(ctx, 1024, "%s", message);
}

static void file_store_warns_before_writing(void **state)
{
	struct profile p = file_profile();
	struct cred_store *st;
	struct secret *v = secret_new(HOOK);
	struct b24_error err;
	char warning[1024] = "";

	unlink(cred_path());
	creds_set_warn(collect_warning, warning);
	st = cred_store_open(&p, &err);
	assert_string_equal(warning, "");
	assert_true(cred_store_put(st, "prod", p.portal, SECRET_WEBHOOK, v,
				   &err));
	assert_non_null(strstr(warning, "plain text"));
	assert_non_null(strstr(warning, cred_path()));
	creds_set_warn(NULL, NULL);
	cred_store_free(st);
	secret_free(v);
	unlink(cred_path());
}

static void file_store_refuses_open_permissions(void **state)
{
	struct profile p = file_profile();
	struct b24_error err;
	int fd;

	unlink(cred_path());
	fd = open(cred_path(), O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	chmod(cred_path(), 0644);
	b24_error_clear(&err);
	assert_null(cred_store_open(&p, &err));
	assert_int_equal(err.exit, B24_EXIT_AUTH);
	assert_string_equal(err.code, "credentials_file_unsafe");
	assert_non_null(strstr(err.hint, "chmod 600"));
	assert_non_null(strstr(err.hint, cred_path()));
	unlink(cred_path());
}

static void file_store_refuses_a_symlink(void **state)
{
	struct profile p = file_profile();
	struct b24_error err;
	char target[128];
	int fd;

	snprintf(target, sizeof target, "%s/elsewhere", tmpdir);
	fd = open(target, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	unlink(cred_path());
	assert_int_equal(symlink(target, cred_path()), 0);
	b24_error_clear(&err);
	assert_null(cred_store_open(&p, &err));
	assert_string_equal(err.code, "credentials_file_unsafe");
	assert_non_null(strstr(err.message, "symbolic link"));
	unlink(cred_path());
}

static void file_store_skips_broken_lines(void **state)
{
	struct profile p = file_profile();
	struct cred_store *st;
	struct secret *got;
	struct b24_error err;
	const char text[] = "garbage\n\nprod\thttps://portal.example\twebhook"
			    "\t" HOOK "\nhalf\tline\nbare\t\tapi_key\tk\n";
	int fd;

	unlink(cred_path());
	fd = open(cred_path(), O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof text - 1),
			 (ssize_t)(sizeof text - 1));
	close(fd);
	st = cred_store_open(&p, &err);
	assert_non_null(st);
	assert_true(cred_store_get(st, "prod", NULL, SECRET_WEBHOOK, &got,
				   &err));
	assert_string_equal(secret_reveal(got), HOOK);
	secret_free(got);
	assert_true(cred_store_get(st, "bare", NULL, SECRET_API_KEY, &got,
				   &err));
	assert_string_equal(secret_reveal(got), "k");
	secret_free(got);
	cred_store_free(st);
	unlink(cred_path());
}

/* A job that blocks until released, like a Secret Service that hangs. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool open;
	bool done;
};

static void gate_wait(void *arg)
{
	struct gate *g = arg;

	pthread_mutex_lock(&g->lock);
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

static void gate_done(void *arg)
{
	struct gate *g = arg;

	pthread_mutex_lock(&g->lock);
	g->done = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static void deadline_abandons_a_call_that_hangs(void **state)
{
	struct gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
			  false, false };
	struct timespec until;
	int rc = 0;

	assert_false(deadline_run(gate_wait, gate_done, &g, 0.05));
	assert_true(deadline_stalled());
	pthread_mutex_lock(&g.lock);
	g.open = true;
	pthread_cond_broadcast(&g.cond);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	while (!g.done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&g.cond, &g.lock, &until);
	pthread_mutex_unlock(&g.lock);
	assert_true(g.done);
	/* done() runs just before the count drops: wait for that too. */
	while (deadline_stalled())
		sched_yield();
	g.done = false;
	assert_true(deadline_run(gate_wait, gate_done, &g, 10.0));
	assert_false(g.done);
}

static void names_are_stable(void **state)
{
	assert_string_equal(secret_kind_name(SECRET_WEBHOOK), "webhook");
	assert_string_equal(secret_kind_name(SECRET_CLIENT_SECRET),
			    "client secret");
	assert_string_equal(cred_source_name(CRED_ENV), "environment");
	assert_string_equal(cred_source_name(CRED_SESSION),
			    "session keyring");
	assert_string_equal(cred_source_name(CRED_FILE), "file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(env_is_captured_and_removed),
		cmocka_unit_test(capture_turns_core_dumps_off),
		cmocka_unit_test(env_webhook_resolves_without_profile),
		cmocka_unit_test(env_webhook_for_another_portal_is_refused),
		cmocka_unit_test(nothing_found_says_what_to_do),
		cmocka_unit_test(memory_store_keeps_rotates_and_forgets),
		cmocka_unit_test(auto_without_bus_is_memory_and_says_why),
		cmocka_unit_test(file_store_round_trip),
		cmocka_unit_test(file_store_warns_before_writing),
		cmocka_unit_test(file_store_refuses_open_permissions),
		cmocka_unit_test(file_store_refuses_a_symlink),
		cmocka_unit_test(file_store_skips_broken_lines),
		cmocka_unit_test(deadline_abandons_a_call_that_hangs),
		cmocka_unit_test(names_are_stable),
	};

	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
