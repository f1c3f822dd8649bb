/* The auth subcommands' shared parts (internal to cli-auth*.c). */
#ifndef B24_CLI_AUTH_H
#define B24_CLI_AUTH_H

#include "cli.h"

/* b24user auth status: argv[0] is "status". */
int auth_status(struct cli *cli, int argc, char **argv);

/* The webhook's secret part as a short masked hint, e.g. "…9f3a". */
void auth_webhook_hint(const struct secret *url, char *out, size_t len);

#endif
