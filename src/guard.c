/* The production guard: read-only profiles, unlocking them by the
 * portal's host name, and journalling each unlock. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <glib.h>

#include "guard.h"
#include "journal.h"
#include "xalloc.h"

/* "https://host:port/..." -> "host:port" (newly allocated). */
static char *authority(const char *url)
{
	const char *start = url, *sep;
	size_t len;

	sep = strstr(url, "://");
	if (sep)
		start = sep + 3;
	len = strcspn(start, "/?#");
	return strndup(start, len);
}

/* Where the port begins in an authority ("[::1]:8443" too), or NULL. */
static const char *port_of(const char *auth)
{
	const char *close = auth[0] == '[' ? strchr(auth, ']') : NULL;
	const char *colon = strrchr(close ? close : auth, ':');

	return colon;
}

char *guard_host(const struct profile *p)
{
	char *host;

	if (!p || !p->portal || !*p->portal)
		return NULL;
	host = authority(p->portal);
	if (!*host) {
		free(host);
		return NULL;
	}
	return host;
}

bool guard_host_matches(const struct profile *p, const char *text)
{
	char *host = guard_host(p);
	char *given;
	const char *port;
	bool ok;

	if (!host || !text || !*text) {
		free(host);
		return false;
	}
	given = authority(text);
	port = port_of(host);
	ok = strcasecmp(given, host) == 0 ||
	     (port && strlen(given) == (size_t)(port - host) &&
	      strncasecmp(given, host, (size_t)(port - host)) == 0);
	free(given);
	free(host);
	return ok;
}

static bool mismatch(const struct profile *p, const char *given,
		     struct b24_error *err)
{
	char *host = guard_host(p);
	char *shown = authority(given);

	b24_error_set(err, B24_EXIT_STOPPED, "allow_write_mismatch",
		      "--allow-write names %s, but profile \"%s\" is for "
		      "%s; nothing was sent", shown,
		      p && p->name ? p->name : "(none)",
		      host ? host : "no portal at all");
	b24_error_hint(err, "Check that the script chose the portal it "
		       "means (--profile), then give that portal's host.");
	free(shown);
	free(host);
	return false;
}

static bool refuse(const struct profile *p, struct b24_error *err)
{
	char *host = guard_host(p);

	b24_error_set(err, B24_EXIT_STOPPED, "read_only",
		      "Profile \"%s\" is read-only (read_only = true in the "
		      "config file): nothing was sent",
		      p->name ? p->name : "(none)");
	if (host)
		b24_error_hint(err, "If this write is meant for %s, unlock "
			       "the profile: --allow-write %s on the command "
			       "line, or type %s when the console asks.  The "
			       "unlock is recorded in the journal.", host,
			       host, host);
	else
		b24_error_hint(err, "The profile names no portal, so it "
			       "cannot be unlocked: add portal = URL to it.");
	free(host);
	return false;
}

bool guard_check_write(const struct profile *p, const char *allow_write_host,
		       struct b24_error *err)
{
	b24_error_clear(err);
	if (allow_write_host && !guard_host_matches(p, allow_write_host))
		return mismatch(p, allow_write_host, err);
	if (p && p->read_only && !allow_write_host)
		return refuse(p, err);
	return true;
}

bool guard_record_unlock(const struct profile *p, const char *via,
			 const char *journal_path, struct b24_error *err)
{
	struct journal_entry e;
	char *path = journal_path ? NULL : journal_default_path();
	bool ok;

	memset(&e, 0, sizeof e);
	e.profile = p->name;
	e.portal = p->portal;
	e.operator = (char *)g_get_user_name();
	e.event = (char *)"unlock";
	e.via = (char *)via;
	e.outcome = JOURNAL_DONE;
	e.verified = -1;
	ok = journal_note(journal_path ? journal_path : path, &e, err);
	free(path);
	return ok;
}

bool guard_allow_write(const struct profile *p, const char *allow_write_host,
		       const char *via, const char *journal_path,
		       struct b24_error *err)
{
	if (!guard_check_write(p, allow_write_host, err))
		return false;
	if (!p || !p->read_only)
		return true;
	return guard_record_unlock(p, via, journal_path, err);
}
