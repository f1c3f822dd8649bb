/* UTF-8 as b24user accepts it: well formed, no overlong forms, no
 * surrogates, nothing past U+10FFFF. */
#ifndef B24_UTF8_H
#define B24_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes in the character at s (s < end), 0 when it is not one (a NUL
 * byte, a broken or cut-off sequence). */
size_t utf8_char_len(const unsigned char *s, const unsigned char *end);
/* Whether the NUL-terminated text is all valid UTF-8. */
bool utf8_text_valid(const char *text);

#endif
