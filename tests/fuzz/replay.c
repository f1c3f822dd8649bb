/* Replays the fuzz targets' seed corpora and regression inputs as a
 * normal test (any compiler, TAP): each target runs in a child so one
 * crash names its input and leaves the other targets' results. */
#include "config.h"

#include <dirent.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

typedef int (*init_fn)(int *argc, char ***argv);
typedef int (*one_fn)(const uint8_t *data, size_t size);

static const struct target {
	const char *name;
	init_fn init;
	one_fn one;
} targets[] = {
	{ "envelope", fuzz_envelope_init, fuzz_envelope_one },
	{ "webhook", fuzz_webhook_init, fuzz_webhook_one },
	{ "config", fuzz_config_init, fuzz_config_one },
	{ "fields", fuzz_fields_init, fuzz_fields_one },
	{ "lineedit", fuzz_lineedit_init, fuzz_lineedit_one },
};

#define N_TARGETS (sizeof targets / sizeof targets[0])

/* The input in progress, shared with the parent to name a crash. */
static char *current;
#define CURRENT_MAX 4096

static bool run_file(const struct target *t, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return false;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			data = realloc(data, cap);
			if (!data)
				abort();
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	snprintf(current, CURRENT_MAX, "%s", path);
	t->one(data, len);
	free(data);
	return true;
}

static int skip_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Every file of dir (sorted); -1 when dir cannot be read. */
static long run_dir(const struct target *t, const char *dir)
{
	struct dirent **names;
	char path[4096];
	long count = 0;
	int n, i;

	n = scandir(dir, &names, skip_hidden, alphasort);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (count >= 0 && run_file(t, path))
			count++;
		else
			count = -1;
		free(names[i]);
	}
	free(names);
	return count;
}

static bool run_path(const struct target *t, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return run_dir(t, path) >= 0;
	return run_file(t, path);
}

/* The child: corpus-NAME must hold inputs; regress-NAME may be absent.
 * Exit status 0, or 2 with a note on the shared line. */
static int replay_target(const struct target *t, const char *top,
			 char *const *files, int nfiles)
{
	char dir[4096];
	long seeds, regress;
	int argc = 1, i;
	char *argv0[] = { (char *)t->name, NULL }, **argv = argv0;

	t->init(&argc, &argv);
	if (nfiles) {
		for (i = 0; i < nfiles; i++)
			if (!run_path(t, files[i]))
				return 2;
		snprintf(current, CURRENT_MAX, "%d files or folders", nfiles);
		return 0;
	}
	snprintf(dir, sizeof dir, "%s/corpus-%s", top, t->name);
	seeds = run_dir(t, dir);
	snprintf(dir, sizeof dir, "%s/regress-%s", top, t->name);
	regress = run_dir(t, dir);
	if (seeds <= 0) {
		snprintf(current, CURRENT_MAX, "no inputs in %s/corpus-%s",
			 top, t->name);
		return 2;
	}
	snprintf(current, CURRENT_MAX, "%ld seeds, %ld regression inputs",
		 seeds, regress > 0 ? regress : 0);
	return 0;
}

static bool report(int num, const struct target *t, int status)
{
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;

	if (ok)
		printf("ok %d - %s: %s\n", num, t->name, current);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		printf("not ok %d - %s: %s\n", num, t->name, current);
	else if (WIFEXITED(status))
		printf("not ok %d - %s: exit %d after %s\n", num, t->name,
		       WEXITSTATUS(status), current);
	else
		printf("not ok %d - %s: signal %d on %s\n", num, t->name,
		       WTERMSIG(status), current);
	fflush(stdout);
	return ok;
}

static int usage(void)
{
	fprintf(stderr, "usage: replay [TARGET [FILE|DIR]...]\n"
		"Without arguments every target replays "
		"$B24_TESTDIR/fuzz/corpus-TARGET and regress-TARGET.\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *testdir = getenv("B24_TESTDIR");
	char top[1024];
	size_t i, first = 0, last = N_TARGETS;
	int status, failed = 0;
	pid_t pid;

	current = mmap(NULL, CURRENT_MAX, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (current == MAP_FAILED)
		return 1;
	snprintf(top, sizeof top, "%s/fuzz", testdir ? testdir : "tests");
	if (argc > 1) {
		for (first = 0; first < N_TARGETS; first++)
			if (strcmp(argv[1], targets[first].name) == 0)
				break;
		if (first == N_TARGETS)
			return usage();
		last = first + 1;
	}
	printf("1..%zu\n", last - first);
	fflush(stdout);
	for (i = first; i < last; i++) {
		snprintf(current, CURRENT_MAX, "(before any input)");
		pid = fork();
		if (pid == 0)
			exit(replay_target(&targets[i], top,
					    argc > 2 ? argv + 2 : NULL,
					    argc > 2 ? argc - 2 : 0));
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			return 1;
		failed += !report((int)(i - first + 1), &targets[i], status);
	}
	return failed ? 1 : 0;
}
