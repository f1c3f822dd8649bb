/*
 * The memory credential store: secrets typed this run, shared by every
 * store the process opens and wiped when the process exits.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store-impl.h"
#include "xalloc.h"

struct mem_item {
	struct mem_item *next;
	char *profile;
	char *portal;
	enum secret_kind kind;
	struct secret *value;
};

static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mem_item *mem_items;
static bool mem_atexit_set;

static bool item_matches(const struct mem_item *it,
			 const struct cred_key *key)
{
	if (strcmp(it->profile, key->profile) != 0)
		return false;
	return !key->portal || strcmp(it->portal, key->portal) == 0;
}

static void item_free(struct mem_item *it)
{
	secret_free(it->value);
	free(it->profile);
	free(it->portal);
	free(it);
}

static void mem_wipe_all(void)
{
	struct mem_item *it, *next;

	pthread_mutex_lock(&mem_lock);
	for (it = mem_items; it; it = next) {
		next = it->next;
		item_free(it);
	}
	mem_items = NULL;
	pthread_mutex_unlock(&mem_lock);
}

static bool mem_get(void *impl, const struct cred_key *key,
		    enum secret_kind kind, struct secret **out,
		    struct b24_error *err)
{
	struct mem_item *it;

	*out = NULL;
	pthread_mutex_lock(&mem_lock);
	for (it = mem_items; it && !*out; it = it->next)
		if (it->kind == kind && item_matches(it, key))
			*out = secret_dup(it->value);
	pthread_mutex_unlock(&mem_lock);
	return true;
}

/* Remove matching items of one kind, or of every kind when kind < 0. */
static void mem_remove(const struct cred_key *key, int kind)
{
	struct mem_item **link = &mem_items, *it;

	while ((it = *link)) {
		bool hit = item_matches(it, key) &&
			   (kind < 0 || (int)it->kind == kind);

		if (hit) {
			*link = it->next;
			item_free(it);
		} else {
			link = &it->next;
		}
	}
}

static bool mem_put(void *impl, const struct cred_key *key,
		    enum secret_kind kind, const struct secret *value,
		    struct b24_error *err)
{
	struct mem_item *it = xcalloc(1, sizeof *it);
	struct cred_key any = { key->profile, NULL };

	it->profile = xstrdup(key->profile);
	it->portal = xstrdup(key->portal ? key->portal : "");
	it->kind = kind;
	it->value = secret_dup(value);
	pthread_mutex_lock(&mem_lock);
	/* A new portal for the profile replaces the old one's secret. */
	mem_remove(&any, (int)kind);
	it->next = mem_items;
	mem_items = it;
	if (!mem_atexit_set)
		mem_atexit_set = atexit(mem_wipe_all) == 0;
	pthread_mutex_unlock(&mem_lock);
	return true;
}

static bool mem_forget(void *impl, const struct cred_key *key,
		       struct b24_error *err)
{
	pthread_mutex_lock(&mem_lock);
	mem_remove(key, -1);
	pthread_mutex_unlock(&mem_lock);
	return true;
}

static void mem_free(void *impl)
{
}

const struct store_ops memory_store_ops = {
	.get = mem_get,
	.put = mem_put,
	.forget = mem_forget,
	.free = mem_free,
};
