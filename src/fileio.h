/* Writing to file descriptors: the loop every file b24user keeps needs. */
#ifndef B24_FILEIO_H
#define B24_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

/* All len bytes of s to fd, through short writes and EINTR; false on an
 * error (errno tells which) or when nothing more could be written. */
bool fileio_write_all(int fd, const char *s, size_t len);

#endif
