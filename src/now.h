/* The time now: seconds as a double (the monotonic clock for waits and
 * rates, the wall clock beside the portal's own timestamps) and as ISO
 * 8601 text in UTC. */
#ifndef B24_NOW_H
#define B24_NOW_H

#include <stddef.h>

/* CLOCK_MONOTONIC: for intervals, unmoved by clock changes. */
double now_mono(void);
/* CLOCK_REALTIME: seconds since the epoch. */
double now_real(void);
/* 2026-12-04T17:00:00Z (journal entries, checkpoints). */
void now_iso(char *out, size_t len);
/* 2026-12-04T17:00:00.123Z (the debug log, output items). */
void now_iso_ms(char *out, size_t len);

#endif
