/*
 * The file credential store, used only when a profile chooses it: one
 * plain-text file of mode 0600 that is refused when anyone else could
 * read or replace it.  Lines are "profile TAB portal TAB kind TAB value".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "paths.h"
#include "store-impl.h"
#include "xalloc.h"

#define FILE_MAX (1024 * 1024)

struct file_store {
	char *path;
	bool warned;
};

/* One parsed line; the fields point into the wiped file buffer. */
struct entry {
	char *profile, *portal, *kind, *value;
};

struct file_data {
	char *buf;
	size_t len;
	struct entry *e;
	size_t n;
};

static const char *const kind_tags[] = {
	[SECRET_WEBHOOK] = "webhook",
	[SECRET_ACCESS_TOKEN] = "access_token",
	[SECRET_REFRESH_TOKEN] = "refresh_token",
	[SECRET_CLIENT_SECRET] = "client_secret",
	[SECRET_API_KEY] = "api_key",
};

static void refuse(struct b24_error *err, const char *path, const char *why,
		   const char *fix)
{
	b24_error_set(err, B24_EXIT_AUTH, "credentials_file_unsafe",
		      "The credentials file %s is not used: %s.", path, why);
	b24_error_hint(err, "%s", fix);
}

/* ssh-style: a regular file, ours, nobody else may read or write it. */
static bool check_fd(int fd, const char *path, struct b24_error *err)
{
	struct stat sb;
	char fix[1024];

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		refuse(err, path, "it is not a regular file",
		       "Remove it, then run \"b24user auth login\" again.");
		return false;
	}
	if (sb.st_uid != geteuid()) {
		snprintf(fix, sizeof fix, "Check who put it there; if it is "
			 "yours: chown %lu %s", (unsigned long)geteuid(),
			 path);
		refuse(err, path, "it belongs to another user", fix);
		return false;
	}
	if (sb.st_mode & 077) {
		snprintf(fix, sizeof fix, "Make it private: chmod 600 %s",
			 path);
		refuse(err, path, "others may read or change it", fix);
		return false;
	}
	return true;
}

/* fd of the checked file, -1 when it does not exist yet, -2 on error. */
static int open_checked(const char *path, struct b24_error *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);

	if (fd < 0 && errno == ENOENT)
		return -1;
	if (fd < 0 && errno == ELOOP) {
		refuse(err, path, "it is a symbolic link",
		       "Replace the link by the file itself, or remove it.");
		return -2;
	}
	if (fd < 0) {
		b24_error_set(err, B24_EXIT_AUTH, "credentials_file_error",
			      "The credentials file %s cannot be opened: %s.",
			      path, strerror(errno));
		return -2;
	}
	if (!check_fd(fd, path, err)) {
		close(fd);
		return -2;
	}
	return fd;
}

static void data_free(struct file_data *d)
{
	if (d->buf)
		secret_wipe(d->buf, d->len);
	free(d->buf);
	free(d->e);
	memset(d, 0, sizeof *d);
}

static void parse_lines(struct file_data *d)
{
	char *line = d->buf, *nl;

	for (; line && *line; line = nl ? nl + 1 : NULL) {
		struct entry e;
		char *rest = line;

		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		/* strsep keeps empty fields (a secret without a portal). */
		e.profile = strsep(&rest, "\t");
		e.portal = strsep(&rest, "\t");
		e.kind = strsep(&rest, "\t");
		e.value = rest;
		if (!e.kind || !e.value || !*e.profile)
			continue;
		d->e = xrealloc(d->e, (d->n + 1) * sizeof *d->e);
		d->e[d->n++] = e;
	}
}

static bool read_all(int fd, struct file_data *d, const char *path,
		     struct b24_error *err)
{
	ssize_t got;

	d->buf = xmalloc(FILE_MAX + 1);
	d->len = FILE_MAX + 1;
	for (size_t have = 0;; have += (size_t)got) {
		got = read(fd, d->buf + have, FILE_MAX - have);
		if (got < 0 && errno == EINTR) {
			got = 0;
			continue;
		}
		if (got < 0 || (got == 0 && have == FILE_MAX)) {
			b24_error_set(err, B24_EXIT_AUTH,
				      "credentials_file_error",
				      "The credentials file %s cannot be "
				      "read (%s).", path, got < 0 ?
				      strerror(errno) : "larger than 1 MiB");
			return false;
		}
		if (got == 0) {
			d->buf[have] = '\0';
			return true;
		}
	}
}

/* Load the file; a missing file is empty. */
static bool load(const char *path, struct file_data *d, bool *exists,
		 struct b24_error *err)
{
	int fd = open_checked(path, err);
	bool ok;

	memset(d, 0, sizeof *d);
	*exists = fd >= 0;
	if (fd == -1)
		return true;
	if (fd < 0)
		return false;
	ok = read_all(fd, d, path, err);
	close(fd);
	if (ok)
		parse_lines(d);
	else
		data_free(d);
	return ok;
}

static bool entry_matches(const struct entry *e, const struct cred_key *key)
{
	return e->profile && strcmp(e->profile, key->profile) == 0 &&
	       (!key->portal || strcmp(e->portal, key->portal) == 0);
}

static bool file_get(void *impl, const struct cred_key *key,
		     enum secret_kind kind, struct secret **out,
		     struct b24_error *err)
{
	struct file_store *fs = impl;
	struct file_data d;
	bool exists;
	size_t i;

	*out = NULL;
	if (!load(fs->path, &d, &exists, err))
		return false;
	for (i = 0; i < d.n && !*out; i++)
		if (entry_matches(&d.e[i], key) &&
		    strcmp(d.e[i].kind, kind_tags[kind]) == 0)
			*out = secret_new(d.e[i].value);
	data_free(&d);
	return true;
}

static bool write_entry(int fd, const struct entry *e)
{
	const char *f[4] = { e->profile, e->portal, e->kind, e->value };
	size_t i;

	for (i = 0; i < 4; i++)
		if (!fileio_write_all(fd, f[i], strlen(f[i])) ||
		    !fileio_write_all(fd, i < 3 ? "\t" : "\n", 1))
			return false;
	return true;
}

static void write_failed(const char *path, struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_AUTH, "credentials_file_error",
		      "The credentials file %s cannot be written: %s.", path,
		      strerror(errno));
}

/* Write to a fresh private file next to it, then rename over: a crash
 * never leaves a half-written store, and no link is followed. */
static bool save(const char *path, const struct entry *e, size_t n,
		 struct b24_error *err)
{
	size_t plen = strlen(path), i;
	char *tmp = xmalloc(plen + sizeof ".new");
	int fd;
	bool ok = true;

	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".new", sizeof ".new");
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	for (i = 0; fd >= 0 && ok && i < n; i++)
		ok = !e[i].profile || write_entry(fd, &e[i]);
	if (fd < 0 || !ok || fsync(fd) != 0 || close(fd) != 0 ||
	    rename(tmp, path) != 0) {
		write_failed(path, err);
		if (fd >= 0)
			(void)unlink(tmp);
		free(tmp);
		return false;
	}
	free(tmp);
	return true;
}

static bool field_ok(const char *s, struct b24_error *err)
{
	if (!strpbrk(s, "\t\n\r"))
		return true;
	b24_error_set(err, B24_EXIT_USAGE, "bad_value",
		      "A profile name, portal or secret contains a tab or a "
		      "line break, which the credentials file cannot hold.");
	return false;
}

static void warn_plaintext(struct file_store *fs)
{
	char text[1024];

	if (fs->warned)
		return;
	snprintf(text, sizeof text, "writing the secret in plain text to "
		 "%s, as the profile asks (secret_store=file). Anyone who "
		 "can read your files, or root, can read it.", fs->path);
	store_warn(text);
	fs->warned = true;
}

static bool file_put(void *impl, const struct cred_key *key,
		     enum secret_kind kind, const struct secret *value,
		     struct b24_error *err)
{
	struct file_store *fs = impl;
	struct file_data d;
	struct entry mine = { (char *)key->profile,
			      (char *)(key->portal ? key->portal : ""),
			      (char *)kind_tags[kind],
			      (char *)secret_reveal(value) };
	bool exists, ok;
	size_t i;

	if (!field_ok(mine.profile, err) || !field_ok(mine.portal, err) ||
	    !field_ok(mine.value, err) || !load(fs->path, &d, &exists, err))
		return false;
	for (i = 0; i < d.n; i++)
		if (strcmp(d.e[i].profile, mine.profile) == 0 &&
		    strcmp(d.e[i].kind, mine.kind) == 0)
			d.e[i].profile = NULL;
	d.e = xrealloc(d.e, (d.n + 1) * sizeof *d.e);
	d.e[d.n++] = mine;
	warn_plaintext(fs);
	ok = (exists || paths_make_parent(fs->path, err)) &&
	     save(fs->path, d.e, d.n, err);
	data_free(&d);
	return ok;
}

static bool file_forget(void *impl, const struct cred_key *key,
			struct b24_error *err)
{
	struct file_store *fs = impl;
	struct file_data d;
	bool exists, ok, changed = false;
	size_t i;

	if (!load(fs->path, &d, &exists, err))
		return false;
	for (i = 0; i < d.n; i++)
		if (entry_matches(&d.e[i], key)) {
			d.e[i].profile = NULL;
			changed = true;
		}
	ok = !changed || save(fs->path, d.e, d.n, err);
	data_free(&d);
	return ok;
}

void *file_store_open(const char *path, struct b24_error *err)
{
	struct file_store *fs;
	int fd = open_checked(path, err);

	if (fd == -2)
		return NULL;
	if (fd >= 0)
		close(fd);
	fs = xcalloc(1, sizeof *fs);
	fs->path = xstrdup(path);
	return fs;
}

static void file_free(void *impl)
{
	struct file_store *fs = impl;

	if (fs)
		free(fs->path);
	free(fs);
}

const struct store_ops file_store_ops = {
	.get = file_get,
	.put = file_put,
	.forget = file_forget,
	.free = file_free,
};
