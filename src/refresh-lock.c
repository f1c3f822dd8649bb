/*
 * The refresh lock: one flock'ed file per profile in the runtime
 * directory, so that two b24user processes never spend the same refresh
 * token (it works once).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "paths.h"
#include "refresh.h"
#include "strbuf.h"

static char *lock_path(const char *dir, const char *profile)
{
	struct strbuf sb;
	const char *p;
	char *path;

	sb_init(&sb);
	sb_printf(&sb, "%s/refresh-", dir);
	for (p = profile && *profile ? profile : "default"; *p; p++) {
		if (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
			sb_append_char(&sb, *p);
		else
			sb_printf(&sb, "%%%02X", (unsigned char)*p);
	}
	sb_append(&sb, ".lock");
	path = sb_steal(&sb);
	sb_free(&sb);
	return path;
}

static int lock_failed(const char *path, int e, struct b24_error *err)
{
	b24_error_set(err, e == EINTR ? B24_EXIT_INTERRUPTED : B24_EXIT_AUTH,
		      e == EINTR ? "cancelled" : "lock_failed",
		      "The access token expired, and the lock that keeps "
		      "b24user processes from renewing it twice (%s) could "
		      "not be taken: %s.", path, strerror(e));
	b24_error_hint(err, "Check that the folder belongs to you and is "
		       "writable, then try again.");
	return -1;
}

int refresh_lock(const char *profile, struct b24_error *err)
{
	char *dir = paths_runtime_dir();
	char *path = lock_path(dir, profile);
	int fd = -1, e;

	if (!paths_make_dir(dir, err))
		goto out;
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		lock_failed(path, errno, err);
		goto out;
	}
	/* Waits while another process refreshes: seconds at most. */
	if (flock(fd, LOCK_EX) != 0) {
		e = errno;
		close(fd);
		fd = lock_failed(path, e, err);
	}
out:
	free(path);
	free(dir);
	return fd;
}

void refresh_unlock(int fd)
{
	if (fd < 0)
		return;
	(void)flock(fd, LOCK_UN);
	close(fd);
}
