/* Fuzz target: the console's line editor and its UTF-8 handling: a value
 * from the portal set into the editor, keys typed as a terminal sends
 * them, drawn after each key on a curses screen that goes nowhere. */
#include "config.h"

#include <locale.h>

#include "fuzz.h"
#include "ui.h"

static const int widths[] = { 1, 2, 3, 7, 20, 79 };

int FUZZ_INIT(lineedit)(int *argc, char ***argv)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");

	setlocale(LC_ALL, "C.UTF-8");
	if (!out || !in || !newterm("xterm", out, in)) {
		fprintf(stderr, "fuzz-lineedit: no curses screen (xterm)\n");
		exit(1);
	}
	return 0;
}

/* Well-formed UTF-8 by the standard: shortest form, no surrogates, up to
 * U+10FFFF. */
static int strict_utf8(const unsigned char *s)
{
	unsigned cp, n, i;

	while (*s) {
		if (*s < 0x80) {
			s++;
			continue;
		}
		n = *s >= 0xc2 && *s <= 0xdf ? 1 : *s >= 0xe0 && *s <= 0xef ?
		    2 : *s >= 0xf0 && *s <= 0xf4 ? 3 : 0;
		if (!n)
			return 0;
		cp = *s & (0x3f >> n);
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000)))
		    || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		s += n + 1;
	}
	return 1;
}

static void check_state(const struct lineedit *le)
{
	FUZZ_ASSERT(le->cur <= le->len);
	FUZZ_ASSERT(le->len < le->cap);
	FUZZ_ASSERT(le->buf[le->len] == 0);
}

static void draw(struct lineedit *le, size_t step)
{
	int width = widths[step % (sizeof widths / sizeof widths[0])];
	int col = le_draw(le, 1, 0, width, A_NORMAL);

	FUZZ_ASSERT(le->first <= le->cur);
	FUZZ_ASSERT(col >= 0 && col < width);
	le_draw_plain(le, 2, 0, width, A_BOLD, step % 2 ? "~" : NULL);
}

/* A terminal's escape sequence for a key, as curses would report it. */
static size_t escape_key(const char *s, int *key)
{
	static const struct {
		const char *seq;
		int key;
	} keys[] = {
		{ "\033[D", KEY_LEFT }, { "\033[C", KEY_RIGHT },
		{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OD", KEY_LEFT }, { "\033OC", KEY_RIGHT },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
		{ "\033[3~", KEY_DC }, { "\033[Z", KEY_BACKSPACE },
		{ "\033[A", KEY_UP },
	};
	size_t i, n;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		n = strlen(keys[i].seq);
		if (strncmp(s, keys[i].seq, n) == 0) {
			*key = keys[i].key;
			return n;
		}
	}
	return 0;
}

static void type_keys(struct lineedit *le, const char *s)
{
	size_t step = 0, n;
	bool handled;
	wchar_t wc;
	int key;

	while (*s) {
		n = escape_key(s, &key);
		if (n) {
			le_key(le, key, 0, &handled);
		} else {
			n = utf8_next(s, &wc);
			le_key(le, 0, (wint_t)wc, &handled);
		}
		s += n;
		check_state(le);
		draw(le, step++);
	}
}

static void edit(const char *value, const char *keys, bool masked)
{
	struct lineedit le;
	char *text;

	le_init(&le, masked);
	le_set(&le, value);
	check_state(&le);
	text = le_get(&le);
	if (strict_utf8((const unsigned char *)value))
		FUZZ_ASSERT(strcmp(text, value) == 0);
	free(text);
	type_keys(&le, keys);
	text = le_get(&le);
	FUZZ_ASSERT(strict_utf8((const unsigned char *)text));
	free(text);
	ui_set_ascii(true);
	draw(&le, 5);
	ui_set_ascii(false);
	le_free(&le);
}

int FUZZ_ONE(lineedit)(const uint8_t *data, size_t size)
{
	char *value = fuzz_text(data, size), *keys;
	int width;

	keys = strchr(value, '\n');
	if (keys)
		*keys++ = '\0';
	else
		keys = value + strlen(value);
	edit(value, keys, false);
	edit(value, keys, true);
	width = ui_text_width(value);
	FUZZ_ASSERT(width >= 0);
	FUZZ_ASSERT(ui_put_text(3, 0, value, 79) <= 79);
	/* The console's check agrees with the standard both ways: overlong
	 * forms once passed it and smuggled a NUL into the editor. */
	FUZZ_ASSERT(utf8_valid(value) ==
		    (strict_utf8((const unsigned char *)value) != 0));
	free(value);
	return 0;
}
