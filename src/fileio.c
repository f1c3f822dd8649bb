/* Writing to file descriptors: the loop every file b24user keeps needs. */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "fileio.h"

bool fileio_write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}
