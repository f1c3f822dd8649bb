/*
 * A small driver for tests/rest.sh: one REST session against the fake
 * portal, with the knobs the transport tests need (repeat, cancel, wait
 * budget, refresh hook, a black-hole address).  Secrets come from the
 * environment, never from argv:
 *   B24_PROBE_WEBHOOK    webhook URL (webhook auth)
 *   B24_PROBE_TOKEN      access token (token auth on --portal)
 *   B24_PROBE_NEW_TOKEN  what the refresh hook installs
 *   B24_PROBE_OVERRIDE   a one-off token replacing the credentials
 * Prints "ok RESULT" or "error exit=N code=C reached=0|1", the message and
 * hint, then a "stats" line; exits with the error's exit status.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "jsonutil.h"
#include "log.h"
#include "rest.h"
#include "secret.h"
#include "xalloc.h"

struct probe {
	struct http_options http;
	const char *portal;
	const char *method;
	const char *params;
	unsigned flags;
	int count;
	double budget;
	long cancel_after_ms;
	const char *cancel_on_log;
	const char *log_file;
	const char *warm;	/* a read first, so the call reuses it */
	bool refresh;
	bool blackhole;
	int describe;		/* 1: POST form, 2: curl */
	struct rest_session *session;
	double cancel_at;
	int refreshes;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static bool file_has(const char *path, const char *needle)
{
	char line[8192];
	bool found = false;
	FILE *f = fopen(path, "r");

	while (f && !found && fgets(line, sizeof line, f))
		found = strstr(line, needle) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* Cancel once the portal has logged the hanging request (or after a
 * fixed delay when there is nothing to watch, as in connect). */
static void *canceller(void *arg)
{
	struct probe *p = arg;
	double deadline = now_ms() + 10000;

	if (p->cancel_on_log) {
		while (!file_has(p->cancel_on_log, "\"fault\": \"hang\"") &&
		       now_ms() < deadline)
			pause_ms(5);
	} else {
		pause_ms(p->cancel_after_ms);
	}
	p->cancel_at = now_ms();
	rest_session_cancel(p->session);
	return NULL;
}

static bool refresh_hook(void *ctx, struct rest_creds *creds,
			 struct b24_error *err)
{
	struct probe *p = ctx;
	const char *fresh = getenv("B24_PROBE_NEW_TOKEN");

	p->refreshes++;
	if (!fresh) {
		b24_error_set(err, B24_EXIT_AUTH, "invalid_grant",
			      "no new token in the probe's environment");
		return false;
	}
	secret_free(creds->access_token);
	creds->access_token = secret_new(fresh);
	return true;
}

/* A listener whose accept queue is full: connects hang in SYN-SENT. */
static char *blackhole_portal(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), i, c;
	char *url = xmalloc(64);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, 0) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		perror("blackhole");
		exit(99);
	}
	for (i = 0; i < 4; i++) {
		c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		(void)connect(c, (struct sockaddr *)&a, sizeof a);
	}
	snprintf(url, 64, "https://127.0.0.1:%d", ntohs(a.sin_port));
	return url;
}

static struct rest_session *open_session(struct probe *p)
{
	struct rest_creds creds = { 0 };
	const char *hook = getenv("B24_PROBE_WEBHOOK");
	const char *token = getenv("B24_PROBE_TOKEN");

	if (p->blackhole) {
		creds.method = AUTH_APIKEY;
		creds.portal = blackhole_portal();
		creds.access_token = secret_new("blackhole-token");
	} else if (token) {
		creds.method = AUTH_OAUTH;
		creds.portal = p->portal ? xstrdup(p->portal) : NULL;
		creds.access_token = secret_new(token);
	} else {
		creds.method = AUTH_WEBHOOK;
		creds.webhook = hook ? secret_new(hook) : NULL;
	}
	return rest_session_new(&p->http, &creds);
}

static void print_stats(const struct probe *p)
{
	struct rest_stats st;

	rest_session_stats(p->session, &st);
	printf("stats requests=%ld connections=%ld bucket=%.1f "
	       "operating=%.3f refreshes=%d\n", st.requests, st.connections,
	       st.bucket, st.last_operating, p->refreshes);
}

/* One read on the session so that the next call reuses its connection. */
static void warm_up(struct probe *p)
{
	struct rest_reply reply;
	struct b24_error err;

	if (!rest_call(p->session, p->warm, NULL, REST_READ, &reply, &err))
		printf("warm-up failed: %s\n", err.message);
	rest_reply_free(&reply);
}

static int call(struct probe *p, const cJSON *params)
{
	struct rest_reply reply;
	struct b24_error err;
	char *text;
	int i, status = 0;

	for (i = 0; i < p->count && status == 0; i++) {
		if (!rest_call(p->session, p->method, params, p->flags,
			       &reply, &err)) {
			printf("error exit=%d code=%s reached=%d status=%ld\n"
			       "%s\n%s\n", err.exit, err.code,
			       err.reached_portal, err.http_status,
			       err.message, err.hint);
			status = err.exit;
			continue;
		}
		text = json_compact(reply.result);
		printf("ok %s\n", text);
		free(text);
		rest_reply_free(&reply);
	}
	return status;
}

static int run(struct probe *p)
{
	struct b24_error err;
	cJSON *params = NULL;
	pthread_t th;
	double t0;
	int status;
	char *text;

	if (p->params && !(params = json_parse_text(p->params,
			strlen(p->params), "params", &err))) {
		printf("error %s\n", err.message);
		return 99;
	}
	p->session = open_session(p);
	if (getenv("B24_PROBE_OVERRIDE"))
		rest_session_set_token_override(p->session,
				secret_new(getenv("B24_PROBE_OVERRIDE")));
	rest_session_set_wait_budget(p->session, p->budget);
	if (p->warm)
		warm_up(p);
	if (p->refresh)
		rest_session_set_refresh(p->session, refresh_hook, p);
	if (p->describe) {
		text = rest_describe(p->session, p->method, params,
				     p->describe == 2);
		printf("%s\n", text);
		free(text);
		status = 0;
	} else if (p->cancel_on_log || p->cancel_after_ms >= 0) {
		pthread_create(&th, NULL, canceller, p);
		status = call(p, params);
		t0 = now_ms();
		pthread_join(th, NULL);
		printf("cancel_ms %.1f\n", t0 - p->cancel_at);
	} else {
		status = call(p, params);
	}
	print_stats(p);
	rest_session_free(p->session);
	cJSON_Delete(params);
	return status;
}

static bool parse_option(struct probe *p, char **argv, int *i, int argc)
{
	const char *o = argv[*i];
	const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;

	if (!strcmp(o, "--write"))
		p->flags |= REST_WRITE;
	else if (!strcmp(o, "--refresh"))
		p->refresh = true;
	else if (!strcmp(o, "--blackhole"))
		p->blackhole = true;
	else if (!strcmp(o, "--describe"))
		p->describe = 1;
	else if (!strcmp(o, "--curl"))
		p->describe = 2;
	else if (!v)
		return false;
	else if (!strcmp(o, "--cacert"))
		p->http.ca_file = v;
	else if (!strcmp(o, "--portal"))
		p->portal = v;
	else if (!strcmp(o, "--count"))
		p->count = atoi(v);
	else if (!strcmp(o, "--budget"))
		p->budget = atof(v);
	else if (!strcmp(o, "--timeout"))
		p->http.timeout_s = atol(v);
	else if (!strcmp(o, "--connect-timeout-ms"))
		p->http.connect_timeout_ms = atol(v);
	else if (!strcmp(o, "--max-body"))
		p->http.max_body = (size_t)atol(v);
	else if (!strcmp(o, "--cancel-after-ms"))
		p->cancel_after_ms = atol(v);
	else if (!strcmp(o, "--cancel-on-log"))
		p->cancel_on_log = v;
	else if (!strcmp(o, "--log"))
		p->log_file = v;
	else if (!strcmp(o, "--warm"))
		p->warm = v;
	else
		return false;
	if (strcmp(o, "--write") && strcmp(o, "--refresh") &&
	    strcmp(o, "--blackhole") && strcmp(o, "--describe") &&
	    strcmp(o, "--curl"))
		(*i)++;
	return true;
}

int main(int argc, char **argv)
{
	struct probe p = { .count = 1, .budget = 30, .cancel_after_ms = -1 };
	struct b24_error err;
	int i, status;

	for (i = 1; i < argc && argv[i][0] == '-'; i++)
		if (!parse_option(&p, argv, &i, argc)) {
			fprintf(stderr, "rest-probe: bad option %s\n",
				argv[i]);
			return 99;
		}
	if (i >= argc) {
		fprintf(stderr, "usage: rest-probe [OPTIONS] METHOD "
			"[PARAMS]\n");
		return 99;
	}
	p.method = argv[i];
	p.params = i + 1 < argc ? argv[i + 1] : NULL;
	http_global_init();
	if (p.log_file && !log_open(p.log_file, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 99;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	status = run(&p);
	log_close();
	log_forget_secrets();
	http_global_cleanup();
	return status;
}
