/* b24user profiles: the list of profiles, and the dispatch to add and
 * remove (cli-profiles-edit.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "cli.h"
#include "cli-profiles.h"
#include "paths.h"
#include "profile-show.h"
#include "xalloc.h"

/* The config file, its problems printed as warnings. */
void profiles_load(struct config *cfg)
{
	char *path = paths_config_file();
	const char *line, *end;

	config_load(path, cfg);
	free(path);
	for (line = cfg->problem; line && *line; line = end) {
		end = strchr(line, '\n');
		end = end ? end : line + strlen(line);
		cli_warn("%.*s", (int)(end - line), line);
		if (*end)
			end++;
	}
}

bool profiles_unusable(const struct config *cfg, struct b24_error *err)
{
	const char *end, *at;
	int len, line = 0;

	if (!cfg->problem || cfg->count > 0)
		return false;
	end = strchr(cfg->problem, '\n');
	len = end ? (int)(end - cfg->problem) : (int)strlen(cfg->problem);
	at = strstr(cfg->problem, ", line ");
	if (at && at < cfg->problem + len)
		line = atoi(at + 7);
	b24_error_set(err, B24_EXIT_USAGE, "config_unreadable",
		      "No profile could be read from the config file: %.*s",
		      len, cfg->problem);
	if (line > 0)
		b24_error_hint(err, "Fix line %d of %s, then try again "
			       "(B24USER_WEBHOOK_URL works without it "
			       "meanwhile).", line, cfg->path);
	else
		b24_error_hint(err, "Fix %s, then try again "
			       "(B24USER_WEBHOOK_URL works without it "
			       "meanwhile).", cfg->path);
	return true;
}

static bool is_default(const struct config *cfg, const struct profile *p)
{
	return cfg->default_profile &&
	       strcmp(cfg->default_profile, p->name) == 0;
}

static void add_text(cJSON *obj, const char *key, const char *value)
{
	cJSON_AddItemToObject(obj, key, value ? cJSON_CreateString(value)
					      : cJSON_CreateNull());
}

/* The bulk limits, as the file writes them: rate "50/2", time_budget. */
static void add_limits(cJSON *obj, const struct profile *p)
{
	char rate[64];

	if (p->rate_size > 0) {
		snprintf(rate, sizeof rate, "%.0f/%g", p->rate_size,
			 p->rate_drain);
		add_text(obj, "rate", rate);
	}
	if (p->time_budget > 0)
		cJSON_AddNumberToObject(obj, "time_budget", p->time_budget);
}

static cJSON *profile_json(const struct config *cfg, const struct profile *p)
{
	cJSON *obj = cJSON_CreateObject();
	char *place = profile_secret_place(p, cfg->path);

	add_text(obj, "name", p->name);
	add_text(obj, "portal", p->portal);
	add_text(obj, "auth", p->auth ? auth_method_name(p->auth) : NULL);
	add_text(obj, "secret_store", store_choice_name(p->secret_store));
	add_text(obj, "secrets", place);
	cJSON_AddBoolToObject(obj, "read_only", p->read_only);
	add_text(obj, "color", p->color);
	cJSON_AddBoolToObject(obj, "default", is_default(cfg, p));
	add_text(obj, "client_id", p->client_id);
	add_text(obj, "oauth_server", p->oauth_server);
	add_text(obj, "ca_file", p->ca_file);
	if (p->timeout > 0)
		cJSON_AddNumberToObject(obj, "timeout", p->timeout);
	add_limits(obj, p);
	free(place);
	return obj;
}

static void list_json(const struct config *cfg)
{
	cJSON *items = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < cfg->count; i++)
		cJSON_AddItemToArray(items, cli_item(profile_json(
			cfg, &cfg->profiles[i])));
	cli_print_items(items);
}

/* A column padded to width display cells (names may be UTF-8). */
static void column(const char *text, int width)
{
	long cells = g_utf8_validate(text, -1, NULL)
		     ? g_utf8_strlen(text, -1) : (long)strlen(text);

	cli_put_text(stdout, text);
	for (; cells < width; cells++)
		putchar(' ');
}

static int widest(const struct config *cfg, size_t field)
{
	size_t i;
	long w = field ? 6 : 4, n;
	const char *s;

	for (i = 0; i < cfg->count; i++) {
		s = field ? cfg->profiles[i].portal : cfg->profiles[i].name;
		n = s ? g_utf8_strlen(s, -1) : 1;
		if (n > w)
			w = n;
	}
	return (int)w;
}

static void list_row(const struct config *cfg, const struct profile *p,
		     int name_w, int portal_w)
{
	char *place = profile_secret_place(p, cfg->path);

	printf("%s ", is_default(cfg, p) ? "*" : " ");
	column(p->name, name_w + 2);
	column(p->portal ? p->portal : "-", portal_w + 2);
	column(p->auth ? auth_method_name(p->auth) : "-", 9);
	column(p->read_only ? "yes" : "no", 11);
	cli_put_text(stdout, place);
	putchar('\n');
	free(place);
}

static void list_text(const struct config *cfg)
{
	int name_w = widest(cfg, 0), portal_w = widest(cfg, 1);
	size_t i;

	if (cfg->count == 0) {
		printf("No profiles in %s.\nAdd one with 'b24user profiles "
		       "add NAME --portal URL --auth METHOD'.\n", cfg->path);
		return;
	}
	printf("  ");
	column("NAME", name_w + 2);
	column("PORTAL", portal_w + 2);
	column("AUTH", 9);
	column("READ-ONLY", 11);
	printf("SECRETS\n");
	for (i = 0; i < cfg->count; i++)
		list_row(cfg, &cfg->profiles[i], name_w, portal_w);
	if (cfg->default_profile)
		printf("* the default profile\n");
}

static bool take_list_word(struct cli *cli, void *ctx, const char *arg,
			   struct b24_error *err)
{
	b24_error_set(err, B24_EXIT_USAGE, "usage", "unknown profiles "
		      "subcommand '%.40s' (list, add or remove)", arg);
	return false;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	struct b24_error err;
	struct config cfg;
	int rc = cli_parse(cli, argc, argv, NULL, NULL, take_list_word);

	if (rc >= 0)
		return rc;
	profiles_load(&cfg);
	if (profiles_unusable(&cfg, &err)) {
		config_free(&cfg);
		return cli_report(cli, &err);
	}
	if (cli->json)
		list_json(&cfg);
	else
		list_text(&cfg);
	config_free(&cfg);
	return 0;
}

static const struct {
	const char *name;
	cli_command_fn run;
} subcommands[] = {
	{ "list", run_list },
	{ "add", profiles_add },
	{ "remove", profiles_remove },
};

int cmd_profiles(struct cli *cli, int argc, char **argv)
{
	size_t i;

	for (i = 0; argc > 1 && i < sizeof subcommands / sizeof *subcommands;
	     i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(cli, argc - 1, argv + 1);
	return run_list(cli, argc, argv);
}
