/* Asking for a secret on the command line (internal to the cli files). */
#ifndef B24_CLI_PROMPT_H
#define B24_CLI_PROMPT_H

#include <stdbool.h>

#include "error.h"
#include "secret.h"

/*
 * On a terminal: print question on it and read one line without echo
 * (Ctrl-C or Ctrl-D cancels, exit 130).  Otherwise: read one line of
 * standard input, without the question.  *out is NULL for an empty line
 * when allow_empty, else an empty line is a usage error.
 */
bool cli_prompt_secret(const char *question, bool allow_empty,
		       struct secret **out, struct b24_error *err);

#endif
