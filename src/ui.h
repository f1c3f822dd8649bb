/* The console's shared state and the functions its ui-*.c files offer
 * each other; only ui-*.c include this (it pulls in curses). */
#ifndef B24_UI_H
#define B24_UI_H

#include <stdbool.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>
#include <curses.h>
#include <cJSON.h>

#include "console.h"
#include "creds.h"
#include "edit.h"
#include "fields.h"
#include "rest.h"
#include "safe-edit.h"
#include "strbuf.h"
#include "worker.h"

struct search;
struct sendedit;
struct picklist;
struct bulkui;

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* ---- line editor (ui-lineedit.c) ---- */
struct lineedit {
	wchar_t *buf;
	size_t len, cap;
	size_t cur;		/* cursor, in characters */
	size_t first;		/* first character shown */
	bool masked;		/* secrets: drawn as '*' */
};

void le_init(struct lineedit *le, bool masked);
void le_free(struct lineedit *le);
void le_set(struct lineedit *le, const char *utf8);
/* The text as UTF-8; free with free(). */
char *le_get(const struct lineedit *le);
bool le_empty(const struct lineedit *le);
/* Apply an editing key; true when the text changed. */
bool le_key(struct lineedit *le, int key, wint_t ch, bool *handled);
/* A line holds at most this many characters; typing (or pasting) past
 * it is refused, and le_refused() counts the characters refused. */
#define LE_MAX_CHARS 16384
unsigned long le_refused(void);
/* Draw in width columns at y,x; returns the cursor's column. */
int le_draw(struct lineedit *le, int y, int x, int width, attr_t attr);
/* The start of the text; cut, it ends in more ("…" or "~"). */
void le_draw_plain(struct lineedit *le, int y, int x, int width,
		   attr_t attr, const char *more);
int ui_wcwidth(wchar_t wc);
void ui_set_ascii(bool on);
/* Columns text takes on screen (UTF-8 in). */
int ui_text_width(const char *utf8);
/* Bytes of s that fit width columns, to a newline or a word's end. */
size_t ui_text_fit(const char *s, int width);
/* Draw UTF-8 text cut to width columns; returns the columns used. */
int ui_put_text(int y, int x, const char *utf8, int width);
/* One character of UTF-8: its length in bytes (bad bytes: U+FFFD). */
size_t utf8_next(const char *s, wchar_t *wc);
size_t utf8_decode(const char *s, wchar_t *out, size_t max);
bool utf8_valid(const char *s);

/* ---- keys (ui-keys.c) ---- */
enum action {
	A_NONE = 0, A_HELP, A_LOAD, A_JSON, A_EDITOR, A_SEND, A_NEXT_VIEW,
	A_CURL, A_LOG, A_SAVE_LOG, A_QUIT, A_CANCEL, A_SUSPEND,
	A_NEXT_FIELD, A_PREV_FIELD, A_CONNECT, A_TEST, A_SAVE_PROFILE,
	A_SEARCH, A_SEARCH_NEXT, A_REDRAW, A_UNDO, A_SIGNIN, A_BULK,
	A_BULK_RUN, A_REVERT,
};

enum view {
	V_CONN, V_USER, V_FIELDS, V_OPTIONS, V_LOG, V_COUNT,
};

struct keyev {
	int key;	/* KEY_* when is_key, else 0 */
	wint_t ch;	/* a character when !is_key */
	bool is_key;
	enum action act; /* what the key means in the current view */
};

struct escstate {
	bool pending;		/* a bare Esc arrived lately */
	bool digit_ok;		/* ... and did nothing: Esc-digit is F-key */
	struct timespec at;
	char seq[8];		/* a late CSI/SS3 sequence, collecting */
	int seqlen;
};

/* Turn one wget_wch result into an event; false: swallowed. */
bool keys_translate(struct escstate *es, enum view v, int rc, wint_t ch,
		    struct keyev *ev);
/* "F2 Load  F5 Send ..." for the status line of view v. */
void keys_status(enum view v, bool busy, char *out, size_t len);
/* The help text, one key per line; free with free(). */
char *keys_help(void);

/* ---- log pane (ui-log.c) ---- */
struct logentry {
	char **lines;
	size_t n;
	bool folded;
};

struct logpane {
	struct logentry *e;
	size_t n, first;	/* ring: n entries starting at first */
	size_t top;		/* first visible line (of all lines) */
	bool follow;		/* stick to the bottom */
	char search[128];
	size_t dropped;
};

void log_pane_init(struct logpane *lp);
void log_pane_free(struct logpane *lp);
/* Add an entry from text (lines split on \n); secrets are masked. */
void log_pane_add(struct logpane *lp, const char *text);
void log_pane_draw(struct logpane *lp, int y, int x, int h, int w,
		   bool focused);
bool log_pane_key(struct logpane *lp, const struct keyev *ev, int h);
bool log_pane_find(struct logpane *lp, bool next);
bool log_pane_save(const struct logpane *lp, char *path_out, size_t len,
		   struct b24_error *err);
size_t log_pane_lines(const struct logpane *lp);
/* The whole pane as text, for tests and the save file. */
char *log_pane_text(const struct logpane *lp);

/* ---- generic forms (ui-form.c) ---- */
enum wkind { W_TEXT, W_SECRET, W_CHOICE, W_CHECK, W_BUTTON };

struct widget {
	enum wkind kind;
	const char *label;
	struct lineedit ed;
	const char *const *choices;
	int nchoices, choice;
	bool checked;
	enum action act;	/* buttons */
	bool hidden;
	bool bad;
	char note[520];		/* a message beside the field */
};

struct console;
struct form {
	struct widget *w;
	int n, focus, top;
	void (*changed)(struct console *c, struct form *f, int idx);
};

void form_draw(struct console *c, struct form *f, int y, int h);
/* Keys for fields; true when used. */
bool form_key(struct console *c, struct form *f, const struct keyev *ev);
void form_move(struct form *f, int dir);
void form_free(struct form *f);
char *form_text(const struct form *f, int idx);

/* ---- the fields table (ui-form-fields.c) ---- */
struct frow {
	const struct field_def *def;
	char *code;		/* own copy, for fields not catalogued */
	char *cur;		/* current value as text */
	struct lineedit ed;	/* new value */
	bool bad;
	char note[520];
};

struct fieldsview {
	struct frow *r;
	size_t n, focus, top;
	bool json;		/* raw JSON view shown */
};

/* ---- the JSON text editor (ui-json.c) ---- */
struct textarea {
	struct lineedit *l;
	size_t n, row, top;
	bool bad;
	int bad_line, bad_col;
	unsigned long warned;	/* key count when told F3 again drops it */
	char note[520];
};

/* ---- dialogs (ui-help.c) ---- */
enum dlg_kind { D_NONE, D_TEXT, D_CONFIRM_SEND, D_CONFIRM_QUIT,
		D_RECOVERY, D_SEARCH, D_CONFLICT, D_UNLOCK, D_PICK,
		D_RELOAD, D_DISCARD, D_SIGNIN, D_BULK_PATH, D_BULK_PLAN,
		D_SAVE_PROFILE };

struct dialog {
	enum dlg_kind kind;
	char *title;
	char *text;
	size_t top;
	struct lineedit input;	/* D_SEARCH, D_UNLOCK */
	cJSON *params;		/* D_CONFIRM_SEND: what will be sent */
};

/* Notes from the token refresher, which runs on the request thread:
 * kept here under a lock, shown by the main loop. */
struct notebox {
	pthread_mutex_t lock;
	struct strbuf text;
};

/* ---- the console ---- */
struct console {
	struct console_args *args;
	bool utf8;
	bool color;
	char locale_note[200];
	int rows, cols;
	bool too_small;

	enum view view;
	struct form conn, user, opts;
	struct fieldsview fv;
	struct textarea json;
	struct logpane log;
	struct dialog dlg;
	struct escstate esc;
	char msg[400];
	bool msg_error;
	int cur_y, cur_x;	/* where the cursor goes; -1: hidden */

	/* connection */
	struct profile prof;
	char *store_desc;
	char *store_brief;	/* the header's short form of it */
	enum cred_source source;
	struct worker *local;	/* keyring look-ups */
	struct worker *req;	/* portal requests; NULL until connected */
	bool connecting;
	struct connstate *conn_state;
	char *session_ca;	/* CA file of the running session */
	struct refresher *refresher;	/* OAuth / API key sessions */
	struct cred_store *store;	/* the refresher's store */
	struct notebox notes;
	char account[160];
	int admin;		/* -1 unknown */
	struct rest_stats stats;
	bool have_stats;

	/* the request in flight */
	bool busy;
	struct timespec busy_since;
	char busy_what[64];
	unsigned spin;

	/* the edit */
	char *user_id;		/* of the loaded user */
	cJSON *loaded;
	struct field_catalog *cat;
	bool labels_loaded;
	cJSON *recovered;	/* edits to apply after the next load */
	bool load_after_connect;

	/* the safe edit being sent (ui-send.c); NULL when none */
	struct sendedit *edit;
	char self_id[32];	/* the account the credentials act as */
	bool unlocked;		/* a read-only profile, unlocked */
	enum action after_unlock;
	bool quiet_load;	/* a reload after a send: keep its message */

	/* the pick list (ui-pick.c) */
	struct search *search;	/* made on the request thread */
	struct picklist *pick;

	/* the bulk update (ui-bulk.c); NULL when none */
	struct bulkui *bulk;

	bool quit;
	unsigned long keys;
	unsigned long seq;
	int sync_fd;
};

/* ui-term.c */
bool term_start(struct console *c);
void term_stop(void);
void term_suspend(struct console *c);
/* Text to copy whole (a long address) on the plain terminal, out of
 * curses and free of borders, until Enter; then the console again. */
void term_show_plain(struct console *c, const char *text);
/* A SIGTSTP from outside stops as Ctrl-Z does; a SIGCONT repaints. */
void term_job_control(struct console *c);
/* Around a child in the foreground: its job stops take us along. */
void term_child_running(bool running);
bool term_flag_hangup(void);
/* Readable once a flag signal arrived on any thread. */
int term_signal_fd(void);
void term_block_signals(void);
int term_signal_caught(void);
/* Signals to unblock while waiting in ppoll. */
const sigset_t *term_wait_mask(void);

/* ui-layout.c */
void layout_draw(struct console *c);
/* Below UI_MIN_COLS x UI_MIN_ROWS only a notice is drawn. */
bool layout_too_small(const struct console *c);
int layout_form_rows(const struct console *c);
int layout_log_rows(const struct console *c);
void ui_message(struct console *c, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_error(struct console *c, const struct b24_error *err);
/* ui-msg.c: command-line words in a message said the console's way;
 * one too wide for its line goes whole to the log pane. */
void ui_message_posted(struct console *c);
void ui_message_draw(const struct console *c, int y);
/* text with command-line options named as the console's forms; free. */
char *ui_console_terms(const char *text);
/* A dialog for a shell command, one option per line (ui-help.c). */
void dlg_command(struct console *c, const char *title, const char *cmd);

/* ui-main.c */
void ui_set_view(struct console *c, enum view v);
void ui_run_action(struct console *c, enum action a);

/* ui-conn-creds.c: one credential job on the local worker */
struct credjob {
	struct console *c;
	struct profile prof;
	bool have_creds;	/* typed in the form: no look-up */
	struct rest_creds creds;
	struct secret *put[3];	/* to remember in the keyring */
	enum secret_kind put_kind[3];
	bool ok, ran;
	enum cred_source source;
	struct cred_store *st;	/* handed to the refresher */
	char *desc;
	struct b24_error err;
	/* F3 in the Connection form: try the form's settings once and keep
	 * nothing (no session, no keyring write). */
	bool test;
	struct http_options http;
	char account[200];	/* who they act as, when the test passed */
};


struct credjob *credjob_new(struct console *c, const struct profile *p);
void credjob_free(struct credjob *j);
void credjob_submit(struct console *c, struct credjob *j);
/* Secrets of r masked in the debug log from now on. */
void conn_mask_creds(const struct rest_creds *r);
void conn_notes_init(struct console *c);
/* Main thread: move refresher notes into the log pane. */
void conn_notes_drain(struct console *c);
void conn_session_free(struct console *c);

/* ui-conn-test.c: F3 in the Connection form */
void conn_test_form(struct console *c);
/* On the local worker: who j's credentials act as (j->account). */
void conn_test_run(struct credjob *j);
void conn_test_done(struct console *c, struct credjob *j);
/* A look-up error said for the console: the form, not the shell. */
void conn_console_words(struct credjob *j);

/* ui-form-conn.c */
/* A credential job with exactly what the form holds; NULL with a
 * message when the form cannot be used. */
struct credjob *conn_form_job(struct console *c);
void conn_init(struct console *c);
void conn_start(struct console *c);
void conn_action(struct console *c, enum action a);
/* Secrets for profile p are now in the keyring: make its config say so. */
void conn_remembered(struct console *c, const struct profile *p);
/* The answer to D_SAVE_PROFILE: save over the profile, or keep it. */
void conn_save_answer(struct console *c, bool yes);
void conn_free(struct console *c);

/* ui-form-user.c */
void user_init(struct console *c);
void user_load(struct console *c);
/* Load the user again without asking (unsent edits are dropped). */
void user_reload(struct console *c);
void user_set_id(struct console *c, const char *id);
void user_loaded(struct console *c, const char *id, cJSON *user);

/* ui-form-fields.c */
void fields_view_build(struct console *c);
void fields_row_validate(struct frow *r);
void fields_view_draw(struct console *c, int y, int h);
bool fields_view_key(struct console *c, const struct keyev *ev);
void fields_view_free(struct fieldsview *fv);
/* The edited user (loaded + new values) and only the changes. */
cJSON *fields_view_edited(struct console *c);
cJSON *fields_view_changes(struct console *c, struct b24_error *err);
bool fields_view_dirty(const struct console *c);
void fields_view_apply(struct console *c, const cJSON *obj);
void fields_view_commit(struct console *c);
cJSON *fields_view_texts(struct console *c);
void fields_view_focus_changed(struct console *c);
/* After a conflict: now (the portal's user) becomes the loaded one;
 * fields named in keep, and fields not changed here, show its values. */
void fields_view_rebase(struct console *c, const cJSON *now,
			const cJSON *keep);
/* Ctrl-_: the focused field back to its loaded value. */
void fields_view_revert(struct console *c);

/* ui-json.c */
void json_view_fill(struct console *c);
/* F3: in or out of the JSON view; broken text is never lost. */
void json_view_toggle(struct console *c);
void json_view_draw(struct console *c, int y, int h);
bool json_view_key(struct console *c, const struct keyev *ev);
void json_view_editor(struct console *c);
void json_view_free(struct textarea *ta);

/* ui-form-options.c */
void opts_init(struct console *c);
/* The options as update_options; free with opts_release.  *token is
 * set even when a broken Filter or Order makes it false. */
bool opts_get(struct console *c, struct update_options *o,
	      struct secret **token, struct b24_error *err);
void opts_release(struct update_options *o);

/* ui-send.c: the safe edit, from the diff to the answer */
struct sendedit {
	struct safe_edit se;
	struct update_options opt;
	struct field_catalog *own_cat;	/* undo: its own catalogue */
	char *user_id;
	cJSON *expect;		/* undo: the values the entry left */
	struct secret *token;	/* one-off access token, or NULL */
	char *head;		/* the diff, shown above the request */
	cJSON *keep;		/* conflict: fields to leave as they are */
	int asking;		/* conflict: the field asked about */
	bool mine;		/* conflict: some field is sent anyway */
	bool settled;		/* a conflict was settled: reload after */
	bool running;		/* a job on the request thread owns it */
	bool dismisses_self;	/* confirmed by a capital Y only */
};
void send_confirm_edit(struct console *c, const char *title);
void send_preview(struct console *c, bool as_curl);
void send_confirmed(struct console *c);
void send_cancel(struct console *c);
void send_described(struct console *c, const char *request);
void send_undo(struct console *c);
void send_free(struct console *c);

/* ui-conflict.c: the person's choice per field in conflict */
void conflict_open(struct console *c);
bool conflict_key(struct console *c, const struct keyev *ev);

/* ui-edit-jobs.c: the safe edit's requests on the request thread */
void edit_jobs_commit(struct console *c);
void edit_jobs_undo(struct console *c);

/* ui-guard.c: the production guard and the profile marker */
bool guard_gate(struct console *c, enum action then);
bool guard_key(struct console *c, const struct keyev *ev);
void guard_start(struct console *c);
/* Draw the profile marker at y,x in its colour; returns columns. */
int guard_draw_marker(const struct console *c, int y, int x);

/* ui-pick.c: find a user by name, e-mail or phone */
void pick_init(struct console *c);
void pick_free(struct console *c);
/* The User field changed: text (not an ID) searches after a pause. */
void pick_typed(struct console *c, const char *text);
void pick_now(struct console *c, const char *text);
/* Milliseconds until a pending search, -1: none pending. */
int pick_timeout_ms(const struct console *c);
void pick_tick(struct console *c);
bool pick_key(struct console *c, const struct keyev *ev);
void pick_session_gone(struct console *c);

/* ui-bulk.c: a bulk update from a file, planned, confirmed, run */
void bulk_start(struct console *c);
bool bulk_key(struct console *c, const struct keyev *ev);
/* y (all false: stop at the first failed row) or a (all: go on). */
void bulk_confirmed(struct console *c, bool all);
void bulk_run_now(struct console *c);
/* The plan made again with the other meaning of empty cells. */
void bulk_replan_empty(struct console *c);
void bulk_discard(struct console *c);
bool bulk_cancel(struct console *c);
bool bulk_running(const struct console *c);
/* Readable when the run posted progress; -1 when none runs. */
int bulk_wake_fd(const struct console *c);
void bulk_drain(struct console *c);
void bulk_free(struct console *c);

/* ui-help.c */
void dlg_text(struct console *c, const char *title, const char *text);
void dlg_close(struct console *c);
void dlg_draw(struct console *c);
bool dlg_key(struct console *c, const struct keyev *ev);

/* ui-recover.c */
void recover_write(struct console *c);
void recover_offer(struct console *c);
void recover_answer(struct console *c, bool restore);

/* ui-jobs.c: requests through the worker */
void jobs_connected(struct console *c, struct rest_session *s);
void jobs_test_connection(struct console *c);
/* token: the Options form's one-off access token (owned) or NULL. */
void jobs_load(struct console *c, const char *id, bool admin,
	       struct secret *token);
void jobs_describe(struct console *c, cJSON *params, bool as_curl,
		   struct secret *token);
void jobs_note_start(struct console *c, const char *what);
bool jobs_can_start(struct console *c);
/* "HH:MM:SS -> line" in the log, and the spinner with what. */
void jobs_log_start(struct console *c, const char *what, const char *line);
/* A refusal of the Options form's one-off token: the hint says so (a
 * new sign-in would not help). */
void jobs_one_off_refused(struct b24_error *err);
void jobs_log_error(struct console *c, const char *method, double secs,
		    const struct b24_error *err);

/* ui-clock.c style helpers live in ui-log.c */
void ui_clock(char *out, size_t len);
double ui_elapsed(const struct timespec *since);

#endif
