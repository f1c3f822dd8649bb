/* UTF-8 as b24user accepts it: well formed, no overlong forms, no
 * surrogates, nothing past U+10FFFF (cJSON and files pass any bytes). */
#include "config.h"

#include <string.h>

#include "utf8.h"

size_t utf8_char_len(const unsigned char *s, const unsigned char *end)
{
	size_t n, i;
	unsigned cp;

	if (*s < 0x80)
		return *s ? 1 : 0;
	if (*s >= 0xC2 && *s <= 0xDF)
		n = 1, cp = *s & 0x1F;
	else if (*s >= 0xE0 && *s <= 0xEF)
		n = 2, cp = *s & 0x0F;
	else if (*s >= 0xF0 && *s <= 0xF4)
		n = 3, cp = *s & 0x07;
	else
		return 0;
	if ((size_t)(end - s) <= n)
		return 0;
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n + 1;
}

bool utf8_text_valid(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *end = s + strlen(text);
	size_t n;

	for (; s < end; s += n)
		if ((n = utf8_char_len(s, end)) == 0)
			return false;
	return true;
}
