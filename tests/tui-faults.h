/* What the console fault scenarios share (tests/tui-faults.c) and the
 * terminal ones of tests/tui-faults-term.c. */
#ifndef B24_TUI_FAULTS_H
#define B24_TUI_FAULTS_H

#include <stdbool.h>

#include "tui-harness.h"

/* A file of $XDG_STATE_HOME/b24user, or "" (free it). */
char *read_state(const char *name);
/* Arm a fault of the fake portal (its /_control/fault JSON). */
void fault(const char *json);
void edit_position(struct tui *t, const char *text);
/* F5, then Enter on the diff. */
bool send_edit(struct tui *t);

/* tui-faults-term.c */
int scen_f_sigterm(void);
int scen_f_sighup(void);
int scen_f_sigint(void);
int scen_f_tiny(void);
int scen_f_closed(void);
int scen_f_secrets(void);

#endif
