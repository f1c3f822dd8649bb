/* Fuzz target: a config file as a person may have edited it, read by
 * config_load, and a profile saved into it and removed again. */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include "fuzz.h"
#include "profile.h"

static char dir[256], path[300], saved[300];

static void remove_files(void)
{
	unlink(path);
	unlink(saved);
	rmdir(dir);
}

int FUZZ_INIT(config)(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/b24fuzz-config-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		exit(1);
	}
	snprintf(path, sizeof path, "%s/config", dir);
	snprintf(saved, sizeof saved, "%s/saved", dir);
	atexit(remove_files);
	return 0;
}

static void write_file(const char *name, const uint8_t *data, size_t size)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	FUZZ_ASSERT(fd >= 0);
	FUZZ_ASSERT(write(fd, data, size) == (ssize_t)size);
	close(fd);
}

/* Problems are shown at start-up as warnings, one per line, each naming
 * the file.  (Control characters in them, e.g. from a key name, are
 * escaped where they are printed, not here.) */
static void check_problem(const char *file, const char *problem)
{
	const char *line = problem;
	size_t n = strlen(file);

	while (line && *line) {
		FUZZ_ASSERT(strncmp(line, file, n) == 0);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
}

static void check_config(const struct config *cfg)
{
	struct b24_error err;
	size_t i, n;

	check_problem(cfg->path, cfg->problem);
	for (i = 0; i < cfg->count; i++) {
		const struct profile *p = &cfg->profiles[i];

		FUZZ_ASSERT(p->name && p->name[0]);
		FUZZ_ASSERT(config_find(cfg, p->name) != NULL);
		n = p->portal ? strlen(p->portal) : 0;
		FUZZ_ASSERT(n == 0 || p->portal[n - 1] != '/');
		FUZZ_ASSERT(p->timeout >= 0 && p->timeout <= 3600);
	}
	b24_error_clear(&err);
	if (!config_choose(cfg, NULL, &err))
		FUZZ_ASSERT(err.exit == B24_EXIT_OK ||
			    err.exit == B24_EXIT_USAGE);
}

static const struct profile mine = {
	.name = "fuzz-target",
	.portal = "https://fuzz.example.com",
	.auth = AUTH_WEBHOOK,
	.timeout = 30,
};

/* Saving into any file that reads gives a file that reads back with the
 * profile in it; removing takes it out again. */
static void save_and_remove(const uint8_t *data, size_t size)
{
	struct b24_error err;
	struct config cfg;
	struct profile *p;

	write_file(saved, data, size);
	b24_error_clear(&err);
	if (!config_save_profile(saved, &mine, &err)) {
		FUZZ_ASSERT(err.exit == B24_EXIT_USAGE);
		FUZZ_ASSERT(strcmp(err.code, "config_malformed") == 0);
		return;
	}
	config_load(saved, &cfg);
	p = config_find(&cfg, mine.name);
	FUZZ_ASSERT(p && p->portal);
	FUZZ_ASSERT(strcmp(p->portal, mine.portal) == 0);
	FUZZ_ASSERT(p->auth == AUTH_WEBHOOK && p->timeout == 30);
	FUZZ_ASSERT(!p->read_only);
	config_free(&cfg);
	FUZZ_ASSERT(config_remove_profile(saved, mine.name, &err));
	config_load(saved, &cfg);
	FUZZ_ASSERT(config_find(&cfg, mine.name) == NULL);
	config_free(&cfg);
}

int FUZZ_ONE(config)(const uint8_t *data, size_t size)
{
	struct config cfg;

	write_file(path, data, size);
	config_load(path, &cfg);
	check_config(&cfg);
	config_free(&cfg);
	save_and_remove(data, size);
	return 0;
}
