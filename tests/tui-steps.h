/* Steps the console scenarios share (tui-steps.c), and the scenarios
 * of tui-safe.c that tui-console.c runs by name. */
#ifndef B24_TUI_STEPS_H
#define B24_TUI_STEPS_H

#include <stdbool.h>

#include "tui-harness.h"

#define T_WAIT 10000
#define ENTER "\r"
#define CTRL_U "\025"
#define CTRL_Y "\031"
/* As xterm sends them in keypad mode, so ncurses reads one key each. */
#define KEY_DOWN_SEQ "\033OB"
#define KEY_HOME_SEQ "\033OH"

struct tui *start(int rows, int cols, char *const env[]);
/* A control call to the fake portal; its JSON answer (free it). */
char *portal(const char *path, const char *json);
bool portal_has(const char *path, const char *json, const char *want);
/* Requests the fake portal logged whose line holds text. */
int requests(const char *text);
/* Wait until more than n logged requests hold text (a deadline). */
bool wait_requests(const char *text, int n, int timeout_ms);
bool check(struct tui *t, bool cond, const char *what);
/* Connected as the admin webhook's account, on the User form. */
bool connected(struct tui *t);
bool load_user(struct tui *t, const char *id);
/* Move down the Fields form until the focused row is CODE. */
bool focus_field(struct tui *t, const char *code);
bool quit(struct tui *t, int want_status);

/* tui-safe.c and tui-find.c */
int scen_conflict(void);
int scen_dropped(void);
int scen_undo(void);
int scen_readonly(void);
int scen_marker(void);
int scen_pick(void);
int scen_stale(void);
int scen_sigterm(void);
int scen_unknown(void);
int scen_switch(void);
int scen_param(void);
int scen_pickopts(void);
int scen_busy(void);
/* tui-bulk.c */
int scen_bulk(void);
int scen_bulk_stop(void);
int scen_bulk_fail(void);

#endif
