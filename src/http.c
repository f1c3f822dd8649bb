/* HTTPS POSTs on one reused libcurl handle, driven through the multi
 * interface so that another thread can cancel a transfer at once. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "http.h"
#include "http-errors.h"
#include "log.h"
#include "xalloc.h"

#define DEFAULT_CONNECT_MS 15000L
#define DEFAULT_TIMEOUT_S 90L
#define DEFAULT_MAX_BODY (16u * 1024 * 1024)
/* Just above the portal's own 60 s cut-off: silence longer than that
 * means the connection is dead, not that the method is slow. */
#define STALL_S 65L
#define POLL_MS 1000

struct http_client {
	CURL *easy;
	CURLM *multi;
	struct curl_slist *headers;
	bool setup_ok;
	long timeout_s;
	size_t max_body;
	long connections;
	int cancel;		/* set by any thread, read atomically */
	/* The transfer in progress. */
	const char *upload;
	size_t upload_len, upload_off;
	struct http_response *resp;
	bool over_cap;
	bool sent;
	char errbuf[CURL_ERROR_SIZE];
};

void http_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* With CURLOPT_NOSIGNAL libcurl no longer ignores SIGPIPE for us; a
	 * write to a closed TLS socket must not kill the program. */
	signal(SIGPIPE, SIG_IGN);
}

void http_global_cleanup(void)
{
	curl_global_cleanup();
}

static bool is_connect_request(const char *data, size_t size)
{
	return size >= 8 && strncmp(data, "CONNECT ", 8) == 0;
}

/* Log one block of curl's debug output line by line. */
static void log_block(char mark, const char *data, size_t size)
{
	const char *end = data + size, *nl;
	size_t n;

	while (data < end) {
		nl = memchr(data, '\n', (size_t)(end - data));
		n = (size_t)((nl ? nl : end) - data);
		if (n && data[n - 1] == '\r')
			n--;
		if (n)
			log_debug("%c %.*s", mark, (int)n, data);
		data = nl ? nl + 1 : end;
	}
}

static int on_debug(CURL *h, curl_infotype type, char *data, size_t size,
		    void *ud)
{
	struct http_client *c = ud;

	if ((type == CURLINFO_HEADER_OUT && !is_connect_request(data, size)) ||
	    type == CURLINFO_DATA_OUT)
		c->sent = true;
	if (!log_enabled())
		return 0;
	/* Never DATA_OUT: a request body may carry auth. */
	if (type == CURLINFO_TEXT)
		log_block('*', data, size);
	else if (type == CURLINFO_HEADER_IN)
		log_block('<', data, size);
	else if (type == CURLINFO_HEADER_OUT)
		log_block('>', data, size);
	return 0;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct http_client *c = ud;
	size_t len = size * nmemb;

	if (c->resp->body.len + len > c->max_body) {
		c->over_cap = true;
		return 0;
	}
	sb_append_len(&c->resp->body, ptr, len);
	return len;
}

/*
 * The body comes through a read callback with no way to rewind it: when a
 * reused connection dies after the request went out, libcurl would
 * otherwise send the same POST again on a new connection, and a write
 * could run twice.  The transfer fails instead, and the caller decides.
 */
static size_t on_upload(char *buf, size_t size, size_t nmemb, void *ud)
{
	struct http_client *c = ud;
	size_t n = c->upload_len - c->upload_off;

	if (n > size * nmemb)
		n = size * nmemb;
	memcpy(buf, c->upload + c->upload_off, n);
	c->upload_off += n;
	return n;
}

static bool set_headers(struct http_client *c)
{
	static const char *const lines[] = {
		"Content-Type: application/json",
		"Accept: application/json",
		"Expect:",
	};
	size_t i;
	struct curl_slist *l;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		l = curl_slist_append(c->headers, lines[i]);
		if (!l)
			return false;
		c->headers = l;
	}
	return curl_easy_setopt(c->easy, CURLOPT_HTTPHEADER, c->headers) ==
	       CURLE_OK;
}

static bool set_tls(struct http_client *c, const char *ca_file)
{
	CURL *e = c->easy;
	bool ok = curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
		  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK;

	/* Trust exactly the given file: CAINFO alone keeps the system
	 * directory trusted as well. */
	if (ok && ca_file)
		ok = curl_easy_setopt(e, CURLOPT_CAINFO, ca_file) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_CAPATH, NULL) == CURLE_OK;
	return ok;
}

static bool set_limits(struct http_client *c, const struct http_options *o)
{
	CURL *e = c->easy;
	long connect_ms = o->connect_timeout_ms > 0 ?
			  o->connect_timeout_ms : DEFAULT_CONNECT_MS;

	return curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect_ms) ==
		CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_TIMEOUT, c->timeout_s) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, STALL_S) ==
		CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L) == CURLE_OK;
}

/* Proxies stay with the environment (https_proxy, no_proxy). */
static bool set_behaviour(struct http_client *c)
{
	CURL *e = c->easy;

	return curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https") ==
		CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https") ==
		CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_POST, 1L) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_USERAGENT,
				"b24user/" PACKAGE_VERSION) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf) ==
		CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) ==
		CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_WRITEDATA, c) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_READFUNCTION, on_upload) ==
		CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_READDATA, c) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug) ==
		CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_DEBUGDATA, c) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_VERBOSE, 1L) == CURLE_OK;
}

struct http_client *http_client_new(const struct http_options *opts)
{
	static const struct http_options none;
	struct http_client *c = xcalloc(1, sizeof *c);
	const struct http_options *o = opts ? opts : &none;

	c->timeout_s = o->timeout_s > 0 ? o->timeout_s : DEFAULT_TIMEOUT_S;
	c->max_body = o->max_body ? o->max_body : DEFAULT_MAX_BODY;
	c->easy = curl_easy_init();
	c->multi = curl_multi_init();
	c->setup_ok = c->easy && c->multi && set_behaviour(c) &&
		      set_tls(c, o->ca_file) && set_limits(c, o) &&
		      set_headers(c);
#if LIBCURL_VERSION_NUM >= 0x075700
	/* Quitting must not wait for a DNS lookup that hangs. */
	if (c->easy)
		(void)curl_easy_setopt(c->easy, CURLOPT_QUICK_EXIT, 1L);
#endif
	return c;
}

void http_client_free(struct http_client *c)
{
	if (!c)
		return;
	if (c->easy)
		curl_easy_cleanup(c->easy);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	curl_slist_free_all(c->headers);
	free(c);
}

void http_client_cancel(struct http_client *c)
{
	__atomic_store_n(&c->cancel, 1, __ATOMIC_SEQ_CST);
	if (c->multi)
		curl_multi_wakeup(c->multi);
}

void http_client_clear_cancel(struct http_client *c)
{
	__atomic_store_n(&c->cancel, 0, __ATOMIC_SEQ_CST);
}

static bool cancelled(const struct http_client *c)
{
	return __atomic_load_n(&c->cancel, __ATOMIC_SEQ_CST) != 0;
}

long http_client_connections(const struct http_client *c)
{
	return c->connections;
}

/* Drive the transfer until it ends or a cancel wakes us. */
static CURLcode run_transfer(struct http_client *c, bool *was_cancelled)
{
	int running = 1, left;
	CURLMsg *msg;
	CURLcode res = CURLE_OK;

	while (running) {
		if (cancelled(c)) {
			*was_cancelled = true;
			return CURLE_ABORTED_BY_CALLBACK;
		}
		if (curl_multi_perform(c->multi, &running) != CURLM_OK)
			return CURLE_OUT_OF_MEMORY;
		if (running && curl_multi_poll(c->multi, NULL, 0, POLL_MS,
					       NULL) != CURLM_OK)
			return CURLE_OUT_OF_MEMORY;
	}
	while ((msg = curl_multi_info_read(c->multi, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE)
			res = msg->data.result;
	return res;
}

/* Keep only the host of a redirect target: its path may hold a secret. */
static void redirect_host(struct http_client *c, struct http_response *r)
{
	char *target = NULL, *host = NULL;
	CURLU *u;

	if (r->status < 300 || r->status > 399 ||
	    curl_easy_getinfo(c->easy, CURLINFO_REDIRECT_URL, &target) !=
	    CURLE_OK || !target)
		return;
	u = curl_url();
	if (u && curl_url_set(u, CURLUPART_URL, target, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		snprintf(r->redirect_host, sizeof r->redirect_host, "%s",
			 host);
	curl_free(host);
	curl_url_cleanup(u);
}

static void collect_info(struct http_client *c, struct http_response *r)
{
	long connects = 0, request_size = 0;
	char *ctype = NULL;

	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &r->status);
	if (curl_easy_getinfo(c->easy, CURLINFO_CONTENT_TYPE, &ctype) ==
	    CURLE_OK && ctype)
		snprintf(r->content_type, sizeof r->content_type, "%s",
			 ctype);
	if (curl_easy_getinfo(c->easy, CURLINFO_NUM_CONNECTS, &connects) ==
	    CURLE_OK)
		c->connections += connects;
	if (curl_easy_getinfo(c->easy, CURLINFO_REQUEST_SIZE,
			      &request_size) == CURLE_OK && request_size > 0)
		c->sent = true;
	r->sent = c->sent;
	redirect_host(c, r);
}

static bool is_https(const char *url)
{
	return url && strncasecmp(url, "https://", 8) == 0;
}

static bool start(struct http_client *c, const char *url, const char *body,
		  struct b24_error *err)
{
	if (!is_https(url)) {
		http_fail_insecure(err);
		return false;
	}
	if (!c->setup_ok) {
		http_fail_setup(err);
		return false;
	}
	if (cancelled(c)) {
		http_fail_cancelled(err, false);
		return false;
	}
	c->upload = body ? body : "";
	c->upload_len = strlen(c->upload);
	c->upload_off = 0;
	/* No body: a GET (the OAuth token endpoint); else the usual POST. */
	if (curl_easy_setopt(c->easy, CURLOPT_URL, url) != CURLE_OK ||
	    (body ? curl_easy_setopt(c->easy, CURLOPT_POST, 1L) :
	     curl_easy_setopt(c->easy, CURLOPT_HTTPGET, 1L)) != CURLE_OK ||
	    (body && curl_easy_setopt(c->easy, CURLOPT_POSTFIELDSIZE_LARGE,
				      (curl_off_t)c->upload_len) !=
	     CURLE_OK)) {
		http_fail_setup(err);
		return false;
	}
	return true;
}

static bool transfer(struct http_client *c, const char *url,
		     const char *body, struct http_response *resp,
		     struct b24_error *err)
{
	bool was_cancelled = false;
	CURLcode res;

	memset(resp, 0, sizeof *resp);
	sb_init(&resp->body);
	if (!start(c, url, body, err))
		return false;
	c->resp = resp;
	c->sent = false;
	c->over_cap = false;
	c->errbuf[0] = '\0';
	if (curl_multi_add_handle(c->multi, c->easy) != CURLM_OK) {
		http_fail_setup(err);
		return false;
	}
	res = run_transfer(c, &was_cancelled);
	collect_info(c, resp);
	curl_multi_remove_handle(c->multi, c->easy);
	c->resp = NULL;
	c->upload = NULL;
	if (was_cancelled) {
		http_fail_cancelled(err, resp->sent);
		return false;
	}
	if (res != CURLE_OK || resp->status == 0) {
		http_fail_curl(err, res, c->errbuf, c->over_cap, c->max_body);
		err->reached_portal = resp->sent;
		err->http_status = resp->status;
		return false;
	}
	return true;
}

bool http_post_json(struct http_client *c, const char *url, const char *body,
		    struct http_response *resp, struct b24_error *err)
{
	return transfer(c, url, body ? body : "{}", resp, err);
}

bool http_get(struct http_client *c, const char *url,
	      struct http_response *resp, struct b24_error *err)
{
	return transfer(c, url, NULL, resp, err);
}

void http_response_free(struct http_response *resp)
{
	if (resp)
		sb_free(&resp->body);
}
