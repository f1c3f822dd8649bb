/* libcurl's failures turned into messages a helpdesk person can act on. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http-errors.h"
#include "log.h"

#define TLS_HINT "If the portal uses a private certificate authority, " \
	"give its certificate with --cacert FILE (ca_file in the profile). " \
	"Never turn certificate checks off."
#define DROP_HINT "Try again; if this was a change, reload the user " \
	"first to see whether it was saved."
#define NET_HINT "Check the portal address and this computer's network " \
	"connection."

struct curl_failure {
	CURLcode res;
	const char *code;
	const char *message;
	const char *hint;
};

static const struct curl_failure failures[] = {
	{ CURLE_COULDNT_RESOLVE_HOST, "host_not_found",
	  "The portal's host name could not be found", NET_HINT },
	{ CURLE_COULDNT_RESOLVE_PROXY, "proxy_not_found",
	  "The proxy's host name could not be found",
	  "Check the https_proxy setting." },
	{ CURLE_COULDNT_CONNECT, "connect_failed",
	  "Could not connect to the portal",
	  "Check the address and port, and whether a firewall is in the "
	  "way." },
	{ CURLE_OPERATION_TIMEDOUT, "timeout",
	  "The portal did not answer in time",
	  "Try again later, or allow more time with --timeout SEC." },
	{ CURLE_PEER_FAILED_VERIFICATION, "tls_untrusted",
	  "The portal's certificate is not trusted", TLS_HINT },
	{ CURLE_SSL_CACERT_BADFILE, "tls_ca_file",
	  "The certificate authority file could not be read",
	  "Check the file given with --cacert or ca_file: it must hold a "
	  "PEM certificate." },
	{ CURLE_SSL_CONNECT_ERROR, "tls_failed",
	  "The secure (TLS) connection to the portal failed", TLS_HINT },
	{ CURLE_SSL_CERTPROBLEM, "tls_failed",
	  "The secure (TLS) connection to the portal failed", TLS_HINT },
	{ CURLE_SSL_ISSUER_ERROR, "tls_untrusted",
	  "The portal's certificate is not trusted", TLS_HINT },
	{ CURLE_SEND_ERROR, "connection_dropped",
	  "The connection to the portal broke while sending", DROP_HINT },
	{ CURLE_RECV_ERROR, "connection_dropped",
	  "The connection to the portal broke while receiving",
	  DROP_HINT },
	{ CURLE_GOT_NOTHING, "connection_dropped",
	  "The portal closed the connection without answering", DROP_HINT },
	{ CURLE_PARTIAL_FILE, "connection_dropped",
	  "The portal's answer was cut off", DROP_HINT },
	{ CURLE_SEND_FAIL_REWIND, "connection_dropped",
	  "The connection to the portal broke after the request was sent",
	  DROP_HINT },
	{ CURLE_HTTP2, "connection_dropped",
	  "The connection to the portal broke", DROP_HINT },
	{ CURLE_HTTP2_STREAM, "connection_dropped",
	  "The connection to the portal broke", DROP_HINT },
	{ CURLE_WEIRD_SERVER_REPLY, "bad_reply",
	  "The answer did not look like HTTP",
	  "Check that the address is the portal's and the port is its "
	  "HTTPS port." },
	{ CURLE_UNSUPPORTED_PROTOCOL, "insecure_url",
	  "Only https:// addresses are used",
	  "Use the portal's https:// address." },
};

/* A certificate the CA vouches for can still be wrong; the TLS
 * library's words tell which, and --cacert would not help there. */
static const struct {
	const char *words;
	struct curl_failure f;
} cert_problems[] = {
	{ "certificate has expired", { CURLE_OK, "tls_expired",
	  "The portal's certificate has expired",
	  "The portal's administrator must renew it; if it should still "
	  "be valid, check this computer's date and time. Never turn "
	  "certificate checks off." } },
	{ "subject name", { CURLE_OK, "tls_wrong_host",
	  "The portal's certificate is for another address",
	  "Check the portal address (the profile or webhook URL) against "
	  "the name the portal's certificate is for; a proxy or network "
	  "filter may also be in the way. Never turn certificate checks "
	  "off." } },
};

static const struct curl_failure unknown = {
	CURLE_OK, "network_error", "The request to the portal failed",
	NET_HINT,
};

void http_fail_insecure(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "insecure_url",
		      "The portal address does not start with https://: "
		      "b24user talks to portals only over HTTPS, because "
		      "the webhook code and the data would otherwise travel "
		      "unencrypted");
	b24_error_hint(err, "Use the portal's https:// address. Nothing "
		       "was sent.");
	err->reached_portal = false;
}

void http_fail_setup(struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_NETWORK, "transport_setup",
		      "The network library could not be set up");
	b24_error_hint(err, "Check that libcurl supports HTTPS on this "
		       "computer.");
	err->reached_portal = false;
}

void http_fail_cancelled(struct b24_error *err, bool sent)
{
	b24_error_set(err, B24_EXIT_INTERRUPTED, "cancelled",
		      sent ? "Cancelled after the request was sent" :
		      "Cancelled before anything was sent");
	if (sent)
		b24_error_hint(err, "The portal may have received it; reload "
			       "the user to check.");
	err->reached_portal = sent;
}

static const struct curl_failure *find_failure(CURLcode res)
{
	size_t i;

	for (i = 0; i < sizeof failures / sizeof failures[0]; i++)
		if (failures[i].res == res)
			return &failures[i];
	return &unknown;
}

static const struct curl_failure *refine(const struct curl_failure *f,
					 const char *detail)
{
	size_t i;

	if (strncmp(f->code, "tls_", 4) != 0)
		return f;
	for (i = 0; i < sizeof cert_problems / sizeof cert_problems[0]; i++)
		if (strstr(detail, cert_problems[i].words))
			return &cert_problems[i].f;
	return f;
}

static const char *proxy_in_env(void)
{
	static const char *const names[] = {
		"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
	};
	size_t i;
	const char *v;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		v = getenv(names[i]);
		if (v && *v)
			return names[i];
	}
	return NULL;
}

void http_fail_curl(struct b24_error *err, CURLcode res, const char *errbuf,
		    bool over_cap, size_t max_body)
{
	const struct curl_failure *f = find_failure(res);
	const char *detail = errbuf && *errbuf ? errbuf :
			     curl_easy_strerror(res);
	const char *proxy = proxy_in_env();
	char *safe;

	if (over_cap) {
		b24_error_set(err, B24_EXIT_NETWORK, "answer_too_large",
			      "The portal's answer is larger than %zu KiB "
			      "and was not read to the end", max_body / 1024);
		b24_error_hint(err, "Ask for fewer records at a time.");
		return;
	}
	f = refine(f, detail);
	/* curl's text names host and port only, but be sure. */
	safe = redact_text(detail);
	b24_error_set(err, B24_EXIT_NETWORK, f->code, "%s (%s)", f->message,
		      safe);
	free(safe);
	if (proxy && (res == CURLE_COULDNT_CONNECT ||
		      res == CURLE_OPERATION_TIMEDOUT))
		b24_error_hint(err, "%s The proxy set in %s may be the one "
			       "failing.", f->hint, proxy);
	else
		b24_error_hint(err, "%s", f->hint);
}
