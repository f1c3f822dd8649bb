/* b24user entry point: run a subcommand or open the console. */
#include "config.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("b24user %s\n", PACKAGE_VERSION);
		return 0;
	}
	printf("Usage: b24user [OPTIONS] [COMMAND]\n");
	return 0;
}
