/* Key tables: every action has a function key and a Ctrl alternative,
 * Esc followed by a digit stands for F1-F10. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define CTRL(c) ((c) & 0x1f)
#define ALL_VIEWS 0x1f
#define VB(v) (1u << (v))
#define EDIT_VIEWS (VB(V_USER) | VB(V_FIELDS) | VB(V_OPTIONS))

/* A bare Esc followed by a digit within this time is F1-F10. */
#define ESC_DIGIT_MS 1000

struct binding {
	unsigned views;		/* where it applies */
	int fkey;		/* 1-10, 0: none */
	int ctrl;		/* control character, 0: none */
	enum action act;
	const char *name;	/* for the status line; NULL: help only */
	const char *help;
};

/* Earlier rows win, so view-specific meanings come first. */
static const struct binding bindings[] = {
	{ VB(V_CONN), 2, CTRL('R'), A_CONNECT, "Connect",
	  "connect with the settings in the form" },
	{ VB(V_CONN), 3, CTRL('T'), A_TEST, "Test",
	  "test the form's settings as typed: who they act as "
	  "(nothing saved)" },
	{ VB(V_CONN), 4, CTRL('X'), A_SAVE_PROFILE, "Save",
	  "save the form as a profile in the config file" },
	{ VB(V_CONN), 5, CTRL('S'), A_SIGNIN, "SignIn",
	  "OAuth 2.0: sign in at the portal, paste the code" },
	{ VB(V_LOG), 2, CTRL('F'), A_SEARCH, "Find", "search the log" },
	{ VB(V_LOG), 3, CTRL('V'), A_SEARCH_NEXT, "Next",
	  "next match of the search" },
	{ EDIT_VIEWS, 2, CTRL('R'), A_LOAD, "Load",
	  "load the user whose ID is in the User form" },
	{ VB(V_FIELDS), 3, CTRL('T'), A_JSON, "JSON",
	  "switch between the fields and the raw JSON view" },
	{ VB(V_FIELDS), 4, CTRL('X'), A_EDITOR, "Editor",
	  "edit the user's JSON in $EDITOR" },
	{ VB(V_USER) | VB(V_OPTIONS), 3, CTRL('Y'), A_UNDO, "Undo",
	  "undo the newest change to this portal (from the journal)" },
	{ VB(V_USER) | VB(V_OPTIONS), 4, CTRL('X'), A_BULK, "Bulk",
	  "bulk update: many users from a CSV or JSON Lines file, as a "
	  "plan to review before it is sent" },
	{ VB(V_FIELDS), 0, CTRL('Y'), A_UNDO, NULL,
	  "Ctrl-Y: undo the newest change to this portal" },
	{ EDIT_VIEWS, 5, CTRL('S'), A_SEND, "Send",
	  "show what will be sent, then send after you confirm" },
	{ EDIT_VIEWS, 7, CTRL('B'), A_CURL, "curl",
	  "show the request as a curl command (secrets masked)" },
	{ ALL_VIEWS, 1, CTRL('G'), A_HELP, "Help", "this help" },
	{ ALL_VIEWS, 6, CTRL('W'), A_NEXT_VIEW, "Form",
	  "next form: Connection, User, Fields, Options, Log" },
	{ ALL_VIEWS, 8, CTRL('L'), A_LOG, "Log",
	  "show the log pane full size (again: back), redraw" },
	{ ALL_VIEWS, 9, CTRL('O'), A_SAVE_LOG, "SaveLog",
	  "save the log to a file (secrets masked)" },
	{ ALL_VIEWS, 10, CTRL('Q'), A_QUIT, "Quit",
	  "quit (asks first when there are unsent changes)" },
	{ ALL_VIEWS, 0, CTRL('C'), A_CANCEL, NULL,
	  "Esc or Ctrl-C: cancel the running request, close a dialog" },
	{ ALL_VIEWS, 0, CTRL('Z'), A_SUSPEND, NULL,
	  "Ctrl-Z: suspend (fg resumes and redraws)" },
	{ ALL_VIEWS, 0, CTRL('N'), A_NEXT_FIELD, NULL,
	  "Tab or Ctrl-N: next field" },
	{ ALL_VIEWS, 0, CTRL('P'), A_PREV_FIELD, NULL,
	  "Shift-Tab or Ctrl-P: previous field" },
	/* Last: on the status line only when room is left. */
	{ VB(V_FIELDS), 0, CTRL('_'), A_REVERT, "Revert",
	  "put the focused field back to its loaded value (Ctrl-/ on "
	  "most terminals)" },
};

#define NBIND (sizeof(bindings) / sizeof(bindings[0]))

static enum action lookup_fkey(enum view v, int n)
{
	for (size_t i = 0; i < NBIND; i++)
		if ((bindings[i].views & VB(v)) && bindings[i].fkey == n)
			return bindings[i].act;
	return A_NONE;
}

static enum action lookup_ctrl(enum view v, wint_t ch)
{
	for (size_t i = 0; i < NBIND; i++)
		if ((bindings[i].views & VB(v)) && bindings[i].ctrl &&
		    (wint_t)bindings[i].ctrl == ch)
			return bindings[i].act;
	return A_NONE;
}

static long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	       (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* A function-key sequence split by a slow link: the tail after a bare
 * Esc.  Maps the common xterm/vt100/linux forms. */
static const struct { const char *seq; int key; } late_seqs[] = {
	{ "OP", KEY_F(1) }, { "OQ", KEY_F(2) }, { "OR", KEY_F(3) },
	{ "OS", KEY_F(4) }, { "[11~", KEY_F(1) }, { "[12~", KEY_F(2) },
	{ "[13~", KEY_F(3) }, { "[14~", KEY_F(4) }, { "[15~", KEY_F(5) },
	{ "[17~", KEY_F(6) }, { "[18~", KEY_F(7) }, { "[19~", KEY_F(8) },
	{ "[20~", KEY_F(9) }, { "[21~", KEY_F(10) }, { "[[A", KEY_F(1) },
	{ "[[B", KEY_F(2) }, { "[[C", KEY_F(3) }, { "[[D", KEY_F(4) },
	{ "[[E", KEY_F(5) }, { "[A", KEY_UP }, { "[B", KEY_DOWN },
	{ "[C", KEY_RIGHT }, { "[D", KEY_LEFT }, { "OA", KEY_UP },
	{ "OB", KEY_DOWN }, { "OC", KEY_RIGHT }, { "OD", KEY_LEFT },
	{ "[H", KEY_HOME }, { "[F", KEY_END }, { "[3~", KEY_DC },
	{ "[5~", KEY_PPAGE }, { "[6~", KEY_NPAGE }, { "[Z", KEY_BTAB },
};

static bool seq_complete(const struct escstate *es)
{
	char last = es->seq[es->seqlen - 1];

	if (es->seqlen < 2)
		return false;
	if (es->seq[0] == 'O')
		return true;
	if (es->seqlen == 2 && last == '[')
		return false;
	return last >= 0x40 && last <= 0x7e;
}

static int seq_key(const struct escstate *es)
{
	for (size_t i = 0; i < sizeof(late_seqs) / sizeof(late_seqs[0]); i++)
		if (strcmp(late_seqs[i].seq, es->seq) == 0)
			return late_seqs[i].key;
	return 0;	/* unknown sequence: dropped, never typed */
}

/* Collect a late sequence; false while incomplete or dropped. */
static bool late_sequence(struct escstate *es, wint_t ch, struct keyev *ev)
{
	if (ch > 126 || es->seqlen >= (int)sizeof(es->seq) - 1) {
		es->seqlen = 0;
		return false;
	}
	es->seq[es->seqlen++] = (char)ch;
	es->seq[es->seqlen] = 0;
	if (!seq_complete(es))
		return false;
	ev->is_key = true;
	ev->key = seq_key(es);
	es->seqlen = 0;
	return ev->key != 0;
}

/* After a bare Esc: a digit means F1-F10, '[' or 'O' a late sequence. */
static bool after_esc(struct escstate *es, struct keyev *ev)
{
	bool recent = es->pending && ms_since(&es->at) < ESC_DIGIT_MS;

	es->pending = false;
	if (!recent || ev->is_key)
		return true;
	if (ev->ch >= '0' && ev->ch <= '9' && es->digit_ok) {
		ev->is_key = true;
		ev->key = KEY_F(ev->ch == '0' ? 10 : (int)(ev->ch - '0'));
	} else if (ev->ch == '[' || ev->ch == 'O') {
		es->seq[0] = (char)ev->ch;
		es->seq[1] = 0;
		es->seqlen = 1;
		return false;
	}
	return true;
}

static enum action map_action(enum view v, const struct keyev *ev)
{
	if (ev->is_key) {
		if (ev->key >= KEY_F(1) && ev->key <= KEY_F(10))
			return lookup_fkey(v, ev->key - KEY_F(0));
		if (ev->key == KEY_BTAB)
			return A_PREV_FIELD;
		return A_NONE;
	}
	if (ev->ch == '\t')
		return A_NEXT_FIELD;
	if (ev->ch == 27)
		return A_CANCEL;
	if (ev->ch < 32)
		return lookup_ctrl(v, ev->ch);
	return A_NONE;
}

bool keys_translate(struct escstate *es, enum view v, int rc, wint_t ch,
		    struct keyev *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->is_key = rc == KEY_CODE_YES;
	if (ev->is_key)
		ev->key = (int)ch;
	else
		ev->ch = ch;
	if (es->seqlen > 0 && !ev->is_key) {
		if (!late_sequence(es, ch, ev))
			return false;
	} else if (!after_esc(es, ev)) {
		return false;
	}
	if (!ev->is_key && ev->ch == 27) {
		es->pending = true;
		es->digit_ok = true;
		clock_gettime(CLOCK_MONOTONIC, &es->at);
	}
	ev->act = map_action(v, ev);
	return true;
}

/* Append "KEY Name " when the key and its name fit whole in len - 1
 * bytes (the status line's width): a key cut short is no use. */
static void add_key(char *out, size_t len, size_t *used, const char *key,
		    const char *name)
{
	char one[48];
	int n = snprintf(one, sizeof(one), "%s %s", key, name);

	if (n < 0 || *used + (size_t)n + 1 > len)
		return;
	*used += (size_t)snprintf(out + *used, len - *used, "%s ", one);
}

void keys_status(enum view v, bool busy, char *out, size_t len)
{
	size_t used = 0;
	char key[8];

	out[0] = 0;
	if (busy)
		add_key(out, len, &used, "Esc", "Cancel");
	for (size_t i = 0; i < NBIND; i++) {
		const struct binding *b = &bindings[i];

		if (!b->name || !(b->views & VB(v)) ||
		    (b->fkey && lookup_fkey(v, b->fkey) != b->act))
			continue;
		if (b->fkey)
			snprintf(key, sizeof(key), "F%d", b->fkey);
		else
			snprintf(key, sizeof(key), "^%c", b->ctrl + '@');
		add_key(out, len, &used, key, b->name);
	}
}

static void help_line(struct strbuf *sb, const struct binding *b)
{
	char fkey[8] = "", ctrl[12] = "";

	if (b->fkey)
		snprintf(fkey, sizeof(fkey), "F%d", b->fkey);
	if (b->ctrl)
		snprintf(ctrl, sizeof(ctrl), "Ctrl-%c", b->ctrl + '@');
	if (b->name)
		sb_printf(sb, "  %-4s %-7s %s\n", fkey, ctrl, b->help);
	else
		sb_printf(sb, "  %s\n", b->help);
}

static void help_section(struct strbuf *sb, unsigned views,
			 const char *title)
{
	sb_printf(sb, "%s\n", title);
	for (size_t i = 0; i < NBIND; i++)
		if (bindings[i].views == views)
			help_line(sb, &bindings[i]);
}

char *keys_help(void)
{
	struct strbuf sb;

	sb_init(&sb);
	help_section(&sb, ALL_VIEWS, "Everywhere");
	sb_append(&sb,
		"  Esc then 1..9, 0: F1..F10 (terminals without F-keys)\n"
		"  Enter: press a button, next field; in the log: fold\n"
		"  Space: toggle a yes/no or choice field\n"
		"  Ctrl-A/E/K/U: line start/end, delete to end/start\n");
	help_section(&sb, VB(V_CONN), "Connection form");
	help_section(&sb, EDIT_VIEWS, "User, Fields and Options forms");
	help_section(&sb, VB(V_USER) | VB(V_OPTIONS),
		     "User and Options forms, also");
	/* One line per paragraph: the dialog wraps it to its width. */
	sb_append(&sb, "  The User field also takes a name, an e-mail or a "
		  "phone number: the matching users show in a pick list "
		  "(Options: Filter, Order, Admin mode shape the search).\n"
		  "  Options: the one-off access token, while filled in, "
		  "replaces the connection's credentials for Load, the "
		  "search, Send (its re-read and read-back too), undo and "
		  "bulk; it is never saved.\n");
	help_section(&sb, VB(V_FIELDS), "Fields form, also");
	help_section(&sb, VB(V_LOG), "Log pane (Up/Down, PgUp/PgDn, "
		     "Home/End scroll)");
	return sb_steal(&sb);
}
