/* Sub-requests of a Bitrix24 batch call: encoding and reading answers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "portal-errors.h"
#include "strbuf.h"

static void encode(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~", c)) {
			sb_append_char(sb, (char)c);
		} else {
			sb_append_char(sb, '%');
			sb_append_char(sb, hex[c >> 4]);
			sb_append_char(sb, hex[c & 15]);
		}
	}
}

static void scalar(struct strbuf *sb, const cJSON *v)
{
	char num[64];
	double d = v->valuedouble;

	if (cJSON_IsString(v)) {
		encode(sb, v->valuestring);
	} else if (cJSON_IsBool(v)) {
		sb_append(sb, cJSON_IsTrue(v) ? "1" : "0");
	} else {
		if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
			snprintf(num, sizeof num, "%.0f", d);
		else
			snprintf(num, sizeof num, "%.15g", d);
		sb_append(sb, num);
	}
}

/* One member, with nested lists and objects spelled out as key[sub]. */
static void member(struct strbuf *sb, const char *key, const cJSON *v)
{
	const cJSON *el;
	char *sub;
	struct strbuf name;
	int i = 0;

	if (cJSON_IsNull(v) || cJSON_IsInvalid(v))
		return;
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
		if (sb->buf[sb->len - 1] != '?')
			sb_append_char(sb, '&');
		sb_append(sb, key);
		sb_append_char(sb, '=');
		scalar(sb, v);
		return;
	}
	cJSON_ArrayForEach(el, v) {
		sb_init(&name);
		sb_printf(&name, "%s%%5B", key);
		if (cJSON_IsArray(v))
			sb_printf(&name, "%d", i++);
		else
			encode(&name, el->string);
		sb_append(&name, "%5D");
		sub = sb_steal(&name);
		sb_free(&name);
		member(sb, sub, el);
		free(sub);
	}
}

char *batch_command(const char *method, const cJSON *params)
{
	struct strbuf sb, key;
	const cJSON *it;
	char *out;

	sb_init(&sb);
	sb_printf(&sb, "%s?", method);
	cJSON_ArrayForEach(it, params) {
		sb_init(&key);
		encode(&key, it->string);
		member(&sb, key.buf, it);
		sb_free(&key);
	}
	out = sb_steal(&sb);
	sb_free(&sb);
	return out;
}

bool batch_sub_result(const cJSON *batch_result, const char *key,
		      const cJSON **result, struct b24_error *err)
{
	const cJSON *errors, *e, *res;

	errors = cJSON_GetObjectItemCaseSensitive(batch_result,
						  "result_error");
	e = cJSON_GetObjectItemCaseSensitive(errors, key);
	if (e) {
		bx_error_fill(err, 0, cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(e, "error")),
			cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
				e, "error_description")));
		return false;
	}
	res = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(batch_result, "result"), key);
	if (!res) {
		b24_error_set(err, B24_EXIT_REFUSED, "batch_not_run",
			      "The portal did not run the request \"%s\" of "
			      "the batch", key);
		b24_error_hint(err, "An earlier request in the same batch "
			       "failed; see its message.");
		return false;
	}
	*result = res;
	return true;
}
