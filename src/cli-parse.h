/* The parser's parts that the dispatch needs (internal to cli*.c). */
#ifndef B24_CLI_PARSE_H
#define B24_CLI_PARSE_H

/* Where the command word stands: after the global options before it;
 * argc when there is none. */
int cli_command_index(int argc, char **argv);
/* GNU-style --version text on stdout. */
void cli_print_version(void);

#endif
