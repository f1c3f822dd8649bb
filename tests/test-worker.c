/* Unit tests for the request thread: queue order, wake pipe, cancel. */
#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "worker.h"

/* A stand-in session: the worker only cancels, clears and frees it. */
struct rest_session {
	atomic_int cancelled;
	atomic_int clears;
	atomic_int freed;
};

static struct rest_session fake;

void rest_session_cancel(struct rest_session *s)
{
	atomic_store(&s->cancelled, 1);
}

void rest_session_clear_cancel(struct rest_session *s)
{
	atomic_store(&s->cancelled, 0);
	atomic_fetch_add(&s->clears, 1);
}

void rest_session_free(struct rest_session *s)
{
	atomic_fetch_add(&s->freed, 1);
}

struct tjob {
	int id;
	bool ran;
	bool saw_cancel;
	bool done;
	int *order;
	int *norder;
	atomic_int *started;	/* set when a blocking job begins */
	bool block;		/* wait until cancelled */
};

static void tjob_run(struct rest_session *s, void *arg)
{
	struct tjob *j = arg;
	struct timespec ts = { 0, 1000000 };
	int spins = 0;

	j->ran = true;
	if (j->started)
		atomic_store(j->started, 1);
	while (s && j->block && !atomic_load(&s->cancelled) && spins++ < 5000)
		nanosleep(&ts, NULL);
	j->saw_cancel = s && atomic_load(&s->cancelled) != 0;
}

static void tjob_done(void *arg)
{
	struct tjob *j = arg;

	j->done = true;
	j->order[(*j->norder)++] = j->id;
}

static void wait_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	assert_int_equal(poll(&p, 1, 5000), 1);
}

static void reset_fake(void)
{
	atomic_store(&fake.cancelled, 0);
	atomic_store(&fake.clears, 0);
	atomic_store(&fake.freed, 0);
}

static void test_order_and_wake(void **state)
{
	int order[3], n = 0;
	struct tjob jobs[3];
	struct worker *w;

	reset_fake();
	w = worker_new(&fake);
	for (int i = 0; i < 3; i++) {
		jobs[i] = (struct tjob){ .id = i, .order = order,
					 .norder = &n };
		worker_submit(w, tjob_run, tjob_done, &jobs[i]);
	}
	while (n < 3) {
		wait_readable(worker_wake_fd(w));
		worker_dispatch(w);
	}
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 1);
	assert_int_equal(order[2], 2);
	assert_true(jobs[2].ran);
	assert_false(worker_busy(w));
	assert_int_equal(atomic_load(&fake.clears), 3);
	worker_free(w);
	assert_int_equal(atomic_load(&fake.freed), 1);
}

static void test_cancel_running(void **state)
{
	int order[2], n = 0;
	atomic_int started = 0;
	struct tjob j = { .id = 7, .order = order, .norder = &n,
			  .started = &started, .block = true };
	struct timespec ts = { 0, 1000000 };
	struct worker *w;

	reset_fake();
	w = worker_new(&fake);
	worker_submit(w, tjob_run, tjob_done, &j);
	while (!atomic_load(&started))
		nanosleep(&ts, NULL);
	assert_true(worker_busy(w));
	worker_cancel(w);
	wait_readable(worker_wake_fd(w));
	worker_dispatch(w);
	assert_true(j.done);
	assert_true(j.saw_cancel);
	worker_free(w);
}

static void test_cancel_when_idle_is_forgotten(void **state)
{
	int order[1], n = 0;
	struct tjob j = { .id = 1, .order = order, .norder = &n };
	struct worker *w;

	reset_fake();
	w = worker_new(&fake);
	worker_cancel(w);	/* nothing runs: must not hit the next job */
	worker_submit(w, tjob_run, tjob_done, &j);
	wait_readable(worker_wake_fd(w));
	worker_dispatch(w);
	assert_true(j.ran);
	assert_false(j.saw_cancel);
	worker_free(w);
}

static void test_free_finishes_pending(void **state)
{
	int order[3], n = 0;
	atomic_int started = 0;
	struct tjob a = { .id = 1, .order = order, .norder = &n,
			  .started = &started, .block = true };
	struct tjob b = { .id = 2, .order = order, .norder = &n };
	struct timespec ts = { 0, 1000000 };
	struct worker *w;

	reset_fake();
	w = worker_new(&fake);
	worker_submit(w, tjob_run, tjob_done, &a);
	worker_submit(w, tjob_run, tjob_done, &b);
	while (!atomic_load(&started))
		nanosleep(&ts, NULL);
	worker_free(w);
	assert_true(a.done);
	assert_true(a.saw_cancel);
	assert_true(b.done);
	assert_false(b.ran);
	assert_int_equal(n, 2);
}

static void test_local_worker_without_session(void **state)
{
	int order[1], n = 0;
	struct tjob j = { .id = 3, .order = order, .norder = &n };
	struct worker *w = worker_new(NULL);

	worker_submit(w, tjob_run, tjob_done, &j);
	worker_cancel(w);
	wait_readable(worker_wake_fd(w));
	worker_dispatch(w);
	assert_true(j.done);
	worker_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_wake),
		cmocka_unit_test(test_cancel_running),
		cmocka_unit_test(test_cancel_when_idle_is_forgotten),
		cmocka_unit_test(test_free_finishes_pending),
		cmocka_unit_test(test_local_worker_without_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
