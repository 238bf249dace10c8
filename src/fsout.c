/* fsout.c - atomic output files: temporary, fsync, rename. */
#include "fsout.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

/* The temporary file being written, for the signal handler.  Only ever
 * set while the file exists. */
static char pending[4096];
static volatile sig_atomic_t have_pending;

static void on_signal(int sig)
{
	if (have_pending)
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

void fsout_init(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static void block_signals(sigset_t *old, bool block)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(block ? SIG_BLOCK : SIG_SETMASK, block ? &set : old,
	            block ? old : NULL);
}

static int open_temp(const char *path, sigset_t *old)
{
	char *dir = g_path_get_dirname(path);
	char *base = g_path_get_basename(path);
	char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	int fd = -1;

	if (strlen(tmpl) < sizeof pending) {
		/* no signal may see the name half-copied */
		block_signals(old, true);
		fd = mkstemp(tmpl);
		if (fd >= 0) {
			memcpy(pending, tmpl, strlen(tmpl) + 1);
			have_pending = 1;
		}
		block_signals(old, false);
	} else {
		errno = ENAMETOOLONG;
	}
	g_free(tmpl);
	g_free(base);
	g_free(dir);
	return fd;
}

static void drop_temp(void)
{
	sigset_t old;
	block_signals(&old, true);
	unlink(pending);
	have_pending = 0;
	block_signals(&old, false);
}

bool fsout_write(const char *path, const void *data, size_t len)
{
	sigset_t old;
	int fd = open_temp(path, &old);
	mode_t mask = umask(0);
	umask(mask);

	if (fd < 0) {
		diag_sys(path, "%s", strerror(errno));
		return false;
	}
	if (!write_all(fd, data, len) || fchmod(fd, 0666 & ~mask) != 0 ||
	    fsync(fd) != 0) {
		int e = errno;
		close(fd);
		drop_temp();
		diag_sys(path, "%s", strerror(e));
		return false;
	}
	if (close(fd) != 0 || rename(pending, path) != 0) {
		int e = errno;
		drop_temp();
		diag_sys(path, "%s", strerror(e));
		return false;
	}
	have_pending = 0;
	return true;
}
