/* What the command line prints: errors and warnings on stderr, output
 * items as JSON on stdout. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonutil.h"
#include "log.h"
#include "now.h"
#include "strbuf.h"
#include "xalloc.h"

/* Lines for stderr: each one escaped, the line breaks kept. */
static void put_lines(const char *prefix, const char *text)
{
	const char *end;
	char *line;

	fputs(prefix, stderr);
	for (;;) {
		end = strchr(text, '\n');
		line = xstrndup(text, end ? (size_t)(end - text)
					  : strlen(text));
		cli_put_text(stderr, line);
		free(line);
		fputc('\n', stderr);
		if (!end)
			break;
		text = end + 1;
	}
}

int cli_report(const struct cli *cli, const struct b24_error *err)
{
	char text[1200];
	int stopped = cli_interrupted();

	b24_error_format(err, text, sizeof text);
	put_lines("b24user: ", text);
	log_debug("failed: %s", text);
	/* A caught signal cancelled the call: whatever failed after it
	 * (cancelled, or outcome unknown for a write) ends as the signal. */
	if (stopped)
		return stopped;
	return err->exit ? (int)err->exit : 1;
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	sb_init(&sb);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "b24user: %s; try 'b24user%s%s --help'\n", sb.buf,
		cli && cli->command ? " " : "",
		cli && cli->command ? cli->command : "");
	sb_free(&sb);
	return B24_EXIT_USAGE;
}

void cli_warn(const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	sb_init(&sb);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	put_lines("b24user: warning: ", sb.buf);
	sb_free(&sb);
}

cJSON *cli_item(cJSON *envelope)
{
	cJSON *item = cJSON_CreateObject();

	cJSON_AddItemToObject(item, "json",
			      envelope ? envelope : cJSON_CreateNull());
	return item;
}

cJSON *cli_error_item(const char *message, const char *resource)
{
	cJSON *inner = cJSON_CreateObject();
	char stamp[48];

	/* The seed's timestamp: ISO 8601 in UTC with milliseconds. */
	now_iso_ms(stamp, sizeof stamp);
	cJSON_AddStringToObject(inner, "error", message);
	cJSON_AddStringToObject(inner, "resource", resource);
	cJSON_AddStringToObject(inner, "timestamp", stamp);
	return cli_item(inner);
}

void cli_print_items(cJSON *items)
{
	char *text = json_pretty(items);

	fputs(text, stdout);
	fputc('\n', stdout);
	fflush(stdout);
	free(text);
	cJSON_Delete(items);
}

/* Portal text may hold escape sequences; a terminal must not obey them.
 * C0 and C1 controls and DEL are shown as \xNN, a newline as \n. */
void cli_put_text(FILE *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	for (; p && *p; p++) {
		if (*p == '\n')
			fputs("\\n", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fprintf(out, "\\x%02x", *++p);
		else
			fputc(*p, out);
	}
}
