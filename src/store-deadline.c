/*
 * Running a call that may never return (a Secret Service that hangs or
 * waits for an unlock dialog) on a thread of its own, with a deadline:
 * the caller gives up in time, the thread cleans up whenever it ends.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "store-impl.h"
#include "xalloc.h"

struct dl_job {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool finished;
	bool abandoned;
	void (*fn)(void *);
	void (*done)(void *);
	void *arg;
};

static pthread_mutex_t stalled_lock = PTHREAD_MUTEX_INITIALIZER;
static int stalled;

static void job_free(struct dl_job *job)
{
	pthread_cond_destroy(&job->cond);
	pthread_mutex_destroy(&job->lock);
	free(job);
}

static void stalled_add(int n)
{
	pthread_mutex_lock(&stalled_lock);
	stalled += n;
	pthread_mutex_unlock(&stalled_lock);
}

bool deadline_stalled(void)
{
	bool any;

	pthread_mutex_lock(&stalled_lock);
	any = stalled > 0;
	pthread_mutex_unlock(&stalled_lock);
	return any;
}

static void *job_thread(void *data)
{
	struct dl_job *job = data;
	bool abandoned;

	job->fn(job->arg);
	pthread_mutex_lock(&job->lock);
	job->finished = true;
	abandoned = job->abandoned;
	pthread_cond_signal(&job->cond);
	pthread_mutex_unlock(&job->lock);
	if (abandoned) {
		job->done(job->arg);
		job_free(job);
		stalled_add(-1);
	}
	return NULL;
}

/* Signals belong to the main loop: the thread, and the GLib threads it
 * starts, inherit a mask that blocks them all. */
static bool start_thread(struct dl_job *job)
{
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&tid, &attr, job_thread, job);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return rc == 0;
}

static void deadline_at(struct timespec *ts, double seconds)
{
	long ns;

	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += (time_t)seconds;
	ns = ts->tv_nsec + (long)((seconds - (double)(time_t)seconds) * 1e9);
	ts->tv_sec += ns / 1000000000L;
	ts->tv_nsec = ns % 1000000000L;
}

static struct dl_job *job_new(void (*fn)(void *), void (*done)(void *),
			      void *arg)
{
	struct dl_job *job = xcalloc(1, sizeof *job);
	pthread_condattr_t ca;

	pthread_mutex_init(&job->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&job->cond, &ca);
	pthread_condattr_destroy(&ca);
	job->fn = fn;
	job->done = done;
	job->arg = arg;
	return job;
}

bool deadline_run(void (*fn)(void *), void (*done)(void *), void *arg,
		  double seconds)
{
	struct dl_job *job = job_new(fn, done, arg);
	struct timespec until;
	bool finished;

	if (!start_thread(job)) {
		/* Never run it here: it could block the caller for good. */
		done(arg);
		job_free(job);
		return false;
	}
	deadline_at(&until, seconds);
	pthread_mutex_lock(&job->lock);
	while (!job->finished &&
	       pthread_cond_timedwait(&job->cond, &job->lock, &until) !=
	       ETIMEDOUT)
		;
	finished = job->finished;
	if (!finished) {
		job->abandoned = true;
		stalled_add(1);
	}
	pthread_mutex_unlock(&job->lock);
	if (finished)
		job_free(job);
	return finished;
}
