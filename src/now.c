/* The time now: seconds as a double (the monotonic clock for waits and
 * rates, the wall clock beside the portal's own timestamps) and as ISO
 * 8601 text in UTC. */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "now.h"

static double seconds(clockid_t which)
{
	struct timespec ts;

	clock_gettime(which, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double now_mono(void)
{
	return seconds(CLOCK_MONOTONIC);
}

double now_real(void)
{
	return seconds(CLOCK_REALTIME);
}

void now_iso(char *out, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void now_iso_ms(char *out, size_t len)
{
	struct timespec ts;
	struct tm tm;
	char base[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, len, "%s.%03ldZ", base, ts.tv_nsec / 1000000);
}
