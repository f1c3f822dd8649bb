/* The one-line editor: wide characters, cursor by display width, masks. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui.h"
#include "xalloc.h"

/* Decode UTF-8 ourselves: the text comes from the portal, and the locale
 * may not be UTF-8 on a jump host.  Bad bytes become U+FFFD. */
static size_t decode_one(const unsigned char *s, wchar_t *out)
{
	unsigned c = s[0], n, v, i;

	if (c < 0x80) {
		*out = c;
		return 1;
	}
	static const unsigned least[] = { 0, 0x80, 0x800, 0x10000 };

	/* C0, C1 and F5-FF never start a character. */
	n = c > 0xf4 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 0;
	v = c & (0x3f >> n);
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			break;
		v = (v << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms (C0 80 for NUL) would smuggle a NUL or an ASCII
	 * character past the checks. */
	if (n == 0 || i <= n || v < least[n] || v > 0x10ffff ||
	    (v >= 0xd800 && v < 0xe000)) {
		*out = 0xfffd;
		return 1;
	}
	*out = v;
	return n + 1;
}

size_t utf8_next(const char *s, wchar_t *wc)
{
	return decode_one((const unsigned char *)s, wc);
}

size_t utf8_decode(const char *s, wchar_t *out, size_t max)
{
	size_t n = 0;

	while (*s && n + 1 < max)
		s += decode_one((const unsigned char *)s, &out[n++]);
	out[n] = 0;
	return n;
}

bool utf8_valid(const char *s)
{
	wchar_t wc;

	while (*s) {
		if (decode_one((const unsigned char *)s, &wc) == 1 &&
		    (unsigned char)*s >= 0x80)
			return false;
		s += decode_one((const unsigned char *)s, &wc);
	}
	return true;
}

static void encode_one(struct strbuf *sb, wchar_t w)
{
	unsigned v = (unsigned)w;

	if (v < 0x80) {
		sb_append_char(sb, (char)v);
	} else if (v < 0x800) {
		sb_append_char(sb, (char)(0xc0 | (v >> 6)));
		sb_append_char(sb, (char)(0x80 | (v & 0x3f)));
	} else if (v < 0x10000) {
		sb_append_char(sb, (char)(0xe0 | (v >> 12)));
		sb_append_char(sb, (char)(0x80 | ((v >> 6) & 0x3f)));
		sb_append_char(sb, (char)(0x80 | (v & 0x3f)));
	} else {
		sb_append_char(sb, (char)(0xf0 | (v >> 18)));
		sb_append_char(sb, (char)(0x80 | ((v >> 12) & 0x3f)));
		sb_append_char(sb, (char)(0x80 | ((v >> 6) & 0x3f)));
		sb_append_char(sb, (char)(0x80 | (v & 0x3f)));
	}
}

int ui_wcwidth(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

void le_init(struct lineedit *le, bool masked)
{
	memset(le, 0, sizeof(*le));
	le->cap = 16;
	le->buf = xcalloc(le->cap, sizeof(wchar_t));
	le->masked = masked;
}

void le_free(struct lineedit *le)
{
	if (le->buf)
		secret_wipe(le->buf, le->cap * sizeof(wchar_t));
	free(le->buf);
	le->buf = NULL;
	le->len = le->cap = le->cur = le->first = 0;
}

static void grow(struct lineedit *le, size_t need)
{
	wchar_t *nb;

	if (need + 1 <= le->cap)
		return;
	/* Copy by hand so a secret never lingers in a freed block. */
	nb = xcalloc(need * 2, sizeof(wchar_t));
	memcpy(nb, le->buf, le->len * sizeof(wchar_t));
	secret_wipe(le->buf, le->cap * sizeof(wchar_t));
	free(le->buf);
	le->buf = nb;
	le->cap = need * 2;
}

void le_set(struct lineedit *le, const char *utf8)
{
	size_t n = strlen(utf8 ? utf8 : "");

	grow(le, n + 1);
	le->len = utf8_decode(utf8 ? utf8 : "", le->buf, le->cap);
	le->cur = le->len;
	le->first = 0;
}

char *le_get(const struct lineedit *le)
{
	struct strbuf sb;

	sb_init(&sb);
	for (size_t i = 0; i < le->len; i++)
		encode_one(&sb, le->buf[i]);
	return sb_steal(&sb);
}

bool le_empty(const struct lineedit *le)
{
	return le->len == 0;
}

/* Characters refused because a line was full. */
static unsigned long refused;

unsigned long le_refused(void)
{
	return refused;
}

static void insert(struct lineedit *le, wchar_t wc)
{
	/* A huge paste would only slow the screen down: no value the
	 * portal takes is that long. */
	if (le->len >= LE_MAX_CHARS) {
		refused++;
		return;
	}
	grow(le, le->len + 1);
	memmove(&le->buf[le->cur + 1], &le->buf[le->cur],
		(le->len - le->cur) * sizeof(wchar_t));
	le->buf[le->cur++] = wc;
	le->buf[++le->len] = 0;
}

static void delete_at(struct lineedit *le, size_t at, size_t n)
{
	memmove(&le->buf[at], &le->buf[at + n],
		(le->len - at - n) * sizeof(wchar_t));
	le->len -= n;
	le->buf[le->len] = 0;
}

/* Movement keys; true when the key was one of them. */
static bool move_key(struct lineedit *le, int key)
{
	switch (key) {
	case KEY_LEFT:
		if (le->cur > 0)
			le->cur--;
		return true;
	case KEY_RIGHT:
		if (le->cur < le->len)
			le->cur++;
		return true;
	case KEY_HOME:
		le->cur = 0;
		return true;
	case KEY_END:
		le->cur = le->len;
		return true;
	}
	return false;
}

static bool delete_key(struct lineedit *le, int key)
{
	if (key == KEY_BACKSPACE && le->cur > 0) {
		le->cur--;
		delete_at(le, le->cur, 1);
		return true;
	}
	if (key == KEY_DC && le->cur < le->len) {
		delete_at(le, le->cur, 1);
		return true;
	}
	return false;
}

/* Control characters the editor understands (readline's). */
static bool ctrl_char(struct lineedit *le, wint_t ch, bool *handled)
{
	*handled = true;
	switch (ch) {
	case 1:	/* Ctrl-A */
		le->cur = 0;
		return false;
	case 5:	/* Ctrl-E */
		le->cur = le->len;
		return false;
	case 8: case 127:
		return delete_key(le, KEY_BACKSPACE);
	case 4:	/* Ctrl-D */
		return delete_key(le, KEY_DC);
	case 11: /* Ctrl-K */
		le->len = le->cur;
		le->buf[le->len] = 0;
		return true;
	case 21: /* Ctrl-U */
		delete_at(le, 0, le->cur);
		le->cur = 0;
		return true;
	}
	*handled = false;
	return false;
}

bool le_key(struct lineedit *le, int key, wint_t ch, bool *handled)
{
	*handled = true;
	if (key) {
		if (move_key(le, key))
			return false;
		if (key == KEY_BACKSPACE || key == KEY_DC)
			return delete_key(le, key);
		*handled = false;
		return false;
	}
	if (ch < 32 || ch == 127)
		return ctrl_char(le, ch, handled);
	if (!iswprint(ch)) {
		*handled = false;
		return false;
	}
	insert(le, (wchar_t)ch);
	return true;
}

static bool ascii_only;

/* Without a UTF-8 locale curses cannot show other characters. */
void ui_set_ascii(bool on)
{
	ascii_only = on;
}

static wchar_t shown(const struct lineedit *le, size_t i)
{
	if (le->masked)
		return L'*';
	if (ascii_only && le->buf[i] > 126)
		return L'?';
	return iswprint(le->buf[i]) ? le->buf[i] : L'?';
}

static int span(const struct lineedit *le, size_t from, size_t to)
{
	int w = 0;

	for (size_t i = from; i < to; i++)
		w += ui_wcwidth(shown(le, i));
	return w;
}

/* Scroll so the cursor stays inside the visible width. */
static void keep_cursor(struct lineedit *le, int width)
{
	if (le->cur < le->first)
		le->first = le->cur;
	while (le->first < le->cur && span(le, le->first, le->cur) >= width)
		le->first++;
}

/* Returns the columns drawn. */
static int draw_from(struct lineedit *le, size_t from, int y, int x,
		     int width, attr_t attr)
{
	int used = 0;

	attron(attr);
	mvhline(y, x, ' ', width);
	move(y, x);
	for (size_t i = from; i < le->len; i++) {
		wchar_t wc[2] = { shown(le, i), 0 };
		int w = ui_wcwidth(wc[0]);

		if (used + w > width)
			break;
		addnwstr(wc, 1);
		used += w;
	}
	attroff(attr);
	return used;
}

/* Unfocused fields show their start; a cut one says so, or a long
 * value would read as a shorter, different one. */
void le_draw_plain(struct lineedit *le, int y, int x, int width,
		   attr_t attr, const char *more)
{
	int used;

	if (!more || width < 2 || span(le, 0, le->len) <= width) {
		draw_from(le, 0, y, x, width, attr);
		return;
	}
	attron(attr);
	mvhline(y, x, ' ', width);
	attroff(attr);
	used = draw_from(le, 0, y, x, width - 1, attr);
	attron(attr);
	mvaddstr(y, x + used, more);
	attroff(attr);
}

int le_draw(struct lineedit *le, int y, int x, int width, attr_t attr)
{
	keep_cursor(le, width);
	draw_from(le, le->first, y, x, width, attr);
	return x + span(le, le->first, le->cur);
}

int ui_text_width(const char *utf8)
{
	int w = 0;
	wchar_t wc;

	while (*utf8) {
		utf8 += decode_one((const unsigned char *)utf8, &wc);
		w += ui_wcwidth(wc);
	}
	return w;
}

/* Bytes of s that fit in width columns, stopping at a newline; when the
 * line must wrap, up to and with its last space, so no word is cut. */
size_t ui_text_fit(const char *s, int width)
{
	size_t n = 0, space = 0;
	int used = 0;

	while (s[n] && s[n] != '\n') {
		wchar_t wc;
		size_t len = utf8_next(s + n, &wc);
		int w = ui_wcwidth(wc);

		if (used + w > width)
			return space ? space : n;
		if (wc == ' ')
			space = n + 1;
		used += w;
		n += len;
	}
	return n;
}

int ui_put_text(int y, int x, const char *utf8, int width)
{
	int used = 0;
	wchar_t wc[2] = { 0, 0 };

	move(y, x);
	while (*utf8) {
		int w;

		utf8 += decode_one((const unsigned char *)utf8, &wc[0]);
		if (wc[0] == '\t' || !iswprint(wc[0]) ||
		    (ascii_only && wc[0] > 126))
			wc[0] = wc[0] == '\t' ? L' ' : L'?';
		w = ui_wcwidth(wc[0]);
		if (used + w > width)
			break;
		addnwstr(wc, 1);
		used += w;
	}
	return used;
}
