/* fsout.c - atomic output files: temporaries, fsync, then rename them all. */
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

/* The temporary files written so far and the names they will take, for
 * fsout_commit() and for the signal handler.  A slot's temporary name is
 * only ever set while that file exists. */
enum { MAX_STAGED = 32 };
static struct {
	char temp[4096];
	char *final; /* g_malloc'd */
} staged[MAX_STAGED];
static volatile sig_atomic_t n_staged;
static bool stage_failed;

/* A new folder being filled (fsout_dir_new()) and the files renamed into
 * it so far: the signal handler removes them and the folder. */
enum { MAX_IN_DIR = 32 };
static char new_dir[4096];
static char in_dir[MAX_IN_DIR][4096];
static volatile sig_atomic_t n_in_dir;

static void on_signal(int sig)
{
	for (sig_atomic_t i = 0; i < n_staged; i++)
		unlink(staged[i].temp);
	for (sig_atomic_t i = 0; i < n_in_dir; i++)
		unlink(in_dir[i]);
	if (new_dir[0])
		rmdir(new_dir);
	signal(sig, SIG_DFL);
	raise(sig);
}

void fsout_init(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		/* a signal ignored by whoever started us (nohup, a
		 * background job) stays ignored */
		sigaction(sigs[i], &sa, &old);
		if (old.sa_handler == SIG_IGN)
			sigaction(sigs[i], &old, NULL);
	}
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

/* Creates the temporary file for path in the next slot. */
static int open_temp(const char *path)
{
	char *dir = g_path_get_dirname(path);
	char *base = g_path_get_basename(path);
	char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	int fd = -1;
	sigset_t old;

	if (n_staged >= MAX_STAGED) {
		errno = EMFILE;
	} else if (strlen(tmpl) < sizeof staged[0].temp) {
		/* no signal may see the name half-copied */
		block_signals(&old, true);
		fd = mkstemp(tmpl);
		if (fd >= 0) {
			memcpy(staged[n_staged].temp, tmpl, strlen(tmpl) + 1);
			staged[n_staged].final = g_strdup(path);
			n_staged++;
		}
		block_signals(&old, false);
	} else {
		errno = ENAMETOOLONG;
	}
	g_free(tmpl);
	g_free(base);
	g_free(dir);
	return fd;
}

/* Removes every staged temporary file and forgets them. */
static void drop_all(void)
{
	sigset_t old;
	block_signals(&old, true);
	while (n_staged > 0) {
		n_staged--;
		unlink(staged[n_staged].temp);
		g_free(staged[n_staged].final);
		staged[n_staged].final = NULL;
	}
	block_signals(&old, false);
}

/* Removes the temporary file staged last (its write failed). */
static void drop_last(void)
{
	sigset_t old;
	block_signals(&old, true);
	n_staged--;
	unlink(staged[n_staged].temp);
	g_free(staged[n_staged].final);
	staged[n_staged].final = NULL;
	block_signals(&old, false);
}

/* A folder where the file should go would make the rename fail only after
 * other outputs were renamed: refuse it before anything is renamed. */
static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fsout_stage(const char *path, const void *data, size_t len)
{
	mode_t mask = umask(0);
	umask(mask);
	if (is_dir(path)) {
		diag_path(path, SYSTEM, strerror(EISDIR));
		stage_failed = true;
		return false;
	}
	int fd = open_temp(path);
	if (fd < 0) {
		diag_path(path, SYSTEM, strerror(errno));
		stage_failed = true;
		return false;
	}
	bool ok = write_all(fd, data, len) && fchmod(fd, 0666 & ~mask) == 0 &&
	          fsync(fd) == 0;
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		drop_last();
		diag_path(path, SYSTEM, strerror(e));
		stage_failed = true;
	}
	return ok;
}

/* Syncs the folder holding path so the renames are on disk too. */
static void sync_dir(const char *path)
{
	char *dir = g_path_get_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	g_free(dir);
}

/* Remembers path, just renamed, if it went into the new folder (signals
 * are blocked). */
static void note_in_dir(const char *path)
{
	size_t n = strlen(new_dir);
	if (n && n_in_dir < MAX_IN_DIR && !strncmp(path, new_dir, n) &&
	    path[n] == '/' && strlen(path) < sizeof in_dir[0]) {
		memcpy(in_dir[n_in_dir], path, strlen(path) + 1);
		n_in_dir++;
	}
}

char *fsout_dir_new(const char *tmpl)
{
	char *path = g_strdup(tmpl);
	sigset_t old;
	if (strlen(path) >= sizeof new_dir || new_dir[0]) {
		errno = strlen(path) >= sizeof new_dir ? ENAMETOOLONG : EBUSY;
		g_free(path);
		return NULL;
	}
	block_signals(&old, true);
	if (g_mkdtemp(path)) {
		memcpy(new_dir, path, strlen(path) + 1);
		n_in_dir = 0;
	} else {
		g_free(path);
		path = NULL;
	}
	block_signals(&old, false);
	return path;
}

void fsout_dir_done(void)
{
	sigset_t old;
	block_signals(&old, true);
	new_dir[0] = '\0';
	n_in_dir = 0;
	block_signals(&old, false);
}

bool fsout_commit(bool keep)
{
	bool ok = keep && !stage_failed;
	sigset_t old;

	/* a signal waits until every rename is done: the outputs of one
	 * build change together or not at all */
	block_signals(&old, true);
	for (sig_atomic_t i = 0; ok && i < n_staged; i++) {
		if (rename(staged[i].temp, staged[i].final) != 0) {
			diag_path(staged[i].final, SYSTEM, strerror(errno));
			ok = false;
			break;
		}
		staged[i].temp[0] = '\0'; /* renamed: nothing to remove */
		note_in_dir(staged[i].final);
		sync_dir(staged[i].final);
	}
	block_signals(&old, false);
	drop_all(); /* what is left was not renamed */
	stage_failed = false;
	return ok;
}

bool fsout_write(const char *path, const void *data, size_t len)
{
	bool ok = fsout_stage(path, data, len);
	return fsout_commit(ok) && ok;
}
