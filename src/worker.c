/* The request thread: a job queue, a wake pipe and cancel for the console. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "worker.h"
#include "xalloc.h"

struct job {
	worker_run_fn run;
	worker_done_fn done;
	void *arg;
	struct job *next;
};

struct job_list {
	struct job *head;
	struct job *tail;
};

struct worker {
	struct rest_session *session;	/* NULL: a worker for local jobs */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job_list pending;
	struct job_list finished;
	bool running;		/* a job is being run */
	bool stopping;
	int pipe_fd[2];
};

static void list_push(struct job_list *l, struct job *j)
{
	j->next = NULL;
	if (l->tail)
		l->tail->next = j;
	else
		l->head = j;
	l->tail = j;
}

static struct job *list_pop(struct job_list *l)
{
	struct job *j = l->head;

	if (j) {
		l->head = j->next;
		if (!l->head)
			l->tail = NULL;
	}
	return j;
}

/* One byte is enough: the main loop drains the pipe and the whole queue. */
static void poke(struct worker *w)
{
	char c = 1;
	ssize_t n;

	do
		n = write(w->pipe_fd[1], &c, 1);
	while (n < 0 && errno == EINTR);
}

static struct job *next_job(struct worker *w)
{
	struct job *j;

	pthread_mutex_lock(&w->lock);
	while (!w->stopping && !w->pending.head)
		pthread_cond_wait(&w->wake, &w->lock);
	j = w->stopping ? NULL : list_pop(&w->pending);
	w->running = j != NULL;
	if (j && w->session)
		rest_session_clear_cancel(w->session);
	pthread_mutex_unlock(&w->lock);
	return j;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct job *j;

	while ((j = next_job(w)) != NULL) {
		j->run(w->session, j->arg);
		pthread_mutex_lock(&w->lock);
		w->running = false;
		list_push(&w->finished, j);
		pthread_mutex_unlock(&w->lock);
		poke(w);
	}
	return NULL;
}

static void make_pipe(struct worker *w)
{
	if (pipe2(w->pipe_fd, O_CLOEXEC | O_NONBLOCK) != 0)
		abort();
}

/* The thread must not take the console's signals (SIGWINCH, SIGHUP ...):
 * those are only delivered inside the main loop's ppoll. */
static void start_thread(struct worker *w)
{
	sigset_t all, old;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
		abort();
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

struct worker *worker_new(struct rest_session *s)
{
	struct worker *w = xcalloc(1, sizeof(*w));

	w->session = s;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	make_pipe(w);
	start_thread(w);
	return w;
}

static void finish_all(struct job_list *l)
{
	struct job *j;

	while ((j = list_pop(l)) != NULL) {
		j->done(j->arg);
		free(j);
	}
}

void worker_free(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	worker_cancel(w);
	pthread_join(w->thread, NULL);

	/* Jobs that never ran still get their done call: they know they
	 * did not run because their run function never marked them. */
	finish_all(&w->finished);
	finish_all(&w->pending);
	if (w->session)
		rest_session_free(w->session);
	close(w->pipe_fd[0]);
	close(w->pipe_fd[1]);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

int worker_wake_fd(const struct worker *w)
{
	return w->pipe_fd[0];
}

void worker_submit(struct worker *w, worker_run_fn run, worker_done_fn done,
		   void *job)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->run = run;
	j->done = done;
	j->arg = job;
	pthread_mutex_lock(&w->lock);
	list_push(&w->pending, j);
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

/* Under the lock, so a cancel aimed at a job that already finished
 * never hits the next one (the session keeps a cancel that arrives while
 * idle, and the worker clears it as it takes a job). */
void worker_cancel(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	if (w->session && w->running)
		rest_session_cancel(w->session);
	pthread_mutex_unlock(&w->lock);
}

bool worker_busy(const struct worker *w)
{
	struct worker *mw = (struct worker *)w;
	bool busy;

	pthread_mutex_lock(&mw->lock);
	busy = mw->running || mw->pending.head != NULL;
	pthread_mutex_unlock(&mw->lock);
	return busy;
}

static void drain_pipe(struct worker *w)
{
	char buf[64];

	while (read(w->pipe_fd[0], buf, sizeof(buf)) > 0)
		;
}

void worker_dispatch(struct worker *w)
{
	struct job_list done;

	drain_pipe(w);
	pthread_mutex_lock(&w->lock);
	done = w->finished;
	w->finished.head = w->finished.tail = NULL;
	pthread_mutex_unlock(&w->lock);
	finish_all(&done);
}
