/*
 * Signals on the command line.  They are blocked everywhere and taken by
 * one thread with sigwait(), so stopping a request is an ordinary call
 * (rest_session_cancel) instead of work inside a signal handler.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli-signal.h"

static sigset_t stop_set;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct rest_session *target;
static int caught;		/* under lock */
static bool asking;		/* under lock: a question waits */
static bool started;
static void (*undo_fn)(void *arg);	/* under lock */
static void *undo_arg;

static void say(const char *text)
{
	if (write(STDERR_FILENO, text, strlen(text)) < 0)
		return;
}

/* Nothing in flight, or asked twice: leave at once.  The message is
 * written with write(2) since the main thread may hold stdio's lock. */
static void leave_now(int sig)
{
	say(sig == SIGINT ? "\nb24user: interrupted" :
	    "b24user: stopped by a signal");
	say(asking ? " at the question; nothing was sent.\n" : "\n");
	_exit(128 + sig);
}

static void *watch(void *arg)
{
	int sig;

	for (;;) {
		if (sigwait(&stop_set, &sig) != 0)
			continue;
		pthread_mutex_lock(&lock);
		if (caught || !target) {
			if (undo_fn)
				undo_fn(undo_arg);
			leave_now(sig);
		}
		caught = sig;
		rest_session_cancel(target);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

void cli_signal_start(void)
{
	pthread_t thread;

	if (started)
		return;
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	sigaddset(&stop_set, SIGHUP);
	sigaddset(&stop_set, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	if (pthread_create(&thread, NULL, watch, NULL) != 0) {
		/* Without the watcher the default actions must stay. */
		pthread_sigmask(SIG_UNBLOCK, &stop_set, NULL);
		return;
	}
	pthread_detach(thread);
	started = true;
}

void cli_signal_watch(struct rest_session *s)
{
	pthread_mutex_lock(&lock);
	target = s;
	asking = false;
	pthread_mutex_unlock(&lock);
}

void cli_signal_asking(void)
{
	pthread_mutex_lock(&lock);
	target = NULL;
	asking = true;
	pthread_mutex_unlock(&lock);
}

int cli_interrupted(void)
{
	int sig;

	pthread_mutex_lock(&lock);
	sig = caught;
	pthread_mutex_unlock(&lock);
	return sig ? 128 + sig : 0;
}

void cli_on_signal(void (*fn)(void *arg), void *arg)
{
	pthread_mutex_lock(&lock);
	undo_fn = fn;
	undo_arg = arg;
	pthread_mutex_unlock(&lock);
}
