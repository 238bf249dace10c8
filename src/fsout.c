/* fsout.c - atomic output files: temporaries, fsync, then rename them all. */
#define _GNU_SOURCE /* renameat2, mkostemp */
#include "fsout.h"

#include <dirent.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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
	int fd;      /* open and locked while the temporary exists */
} staged[MAX_STAGED];
static volatile sig_atomic_t n_staged;
static bool stage_failed;

/* A new folder being filled (fsout_dir_new()) and the files renamed into
 * it so far: the signal handler removes them and the folder. */
enum { MAX_IN_DIR = 32 };
static char new_dir[4096];
static int new_dir_fd = -1;
static char in_dir[MAX_IN_DIR][4096];
static volatile sig_atomic_t n_in_dir;

/* Folders of unpacked files (fsout_tree_new()) and every file and folder
 * made in them, in the order made: the signal handler removes them, the
 * last first.  Changed only with signals blocked. */
static char **tracked;
static size_t tracked_cap;
static volatile sig_atomic_t n_tracked;
enum { MAX_TREES = 4 };
static struct {
	char *root;
	int fd; /* locked while the tree is in use */
} trees[MAX_TREES];

static void on_signal(int sig)
{
	for (sig_atomic_t i = 0; i < n_staged; i++)
		unlink(staged[i].temp);
	for (sig_atomic_t i = 0; i < n_in_dir; i++)
		unlink(in_dir[i]);
	if (new_dir[0])
		rmdir(new_dir);
	for (sig_atomic_t i = n_tracked; i > 0; i--)
		if (unlink(tracked[i - 1]) != 0)
			rmdir(tracked[i - 1]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Sanitizer builds keep their own reports of a crash. */
#if defined(__SANITIZE_ADDRESS__)
static void catch_crashes(void)
{
}
#else
/* A crash (octavo's fault, or a library's): the temporaries go as on
 * SIGINT, and stderr says which signal and where, as return addresses
 * (`addr2line -e octavo OFFSET` on the same build names the lines), so a
 * crash on a machine nobody can reach still says where it was.  Only
 * async-signal-safe calls: backtrace() was called once at start, so it
 * loads nothing here. */
static void on_crash(int sig)
{
	static const char head[] = "octavo: internal error: ";
	static const char tail[] =
	    "; the outputs were left as they were.  Please report this "
	    "with the lines below:\n";
	const char *name = sig == SIGSEGV  ? "segmentation fault"
	                   : sig == SIGBUS ? "bus error"
	                   : sig == SIGFPE ? "arithmetic exception"
	                   : sig == SIGILL ? "illegal instruction"
	                                   : "aborted";
	void *frames[64];
	int n = backtrace(frames, 64);
	if (write(2, head, sizeof head - 1) < 0 ||
	    write(2, name, strlen(name)) < 0 ||
	    write(2, tail, sizeof tail - 1) < 0)
		n = 0;
	backtrace_symbols_fd(frames, n, 2);
	on_signal(sig);
}

static void catch_crashes(void)
{
	static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	/* a crash from a stack overflow needs a stack of its own */
	static char alt[64 * 1024];
	stack_t st = {.ss_sp = alt, .ss_size = sizeof alt};
	sigaltstack(&st, NULL);
	void *frame;
	backtrace(&frame, 1);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}
#endif

void fsout_init(void)
{
	catch_crashes();
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

static void drop_last(void);

/* The mark a temporary's name ends in: FSOUT_MARK hexadecimal digits of
 * a SHA-256 of the device, inode and owner of the file or folder it
 * names.  Only what octavo made and named carries its own: a user's file
 * named like a temporary, or a copy of one, does not. */
static void temp_mark(const struct stat *st, char out[FSOUT_MARK + 1])
{
	guint64 id[3] = {(guint64)st->st_dev, (guint64)st->st_ino,
	                 (guint64)st->st_uid};
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(c, (const guchar *)"octavo temporary", 16);
	g_checksum_update(c, (const guchar *)id, sizeof id);
	memcpy(out, g_checksum_get_string(c), FSOUT_MARK);
	out[FSOUT_MARK] = '\0';
	g_checksum_free(c);
}

/* Renames from to to, never over anything there (a file system without
 * RENAME_NOREPLACE: a link for a file, a look first for a folder). */
static int rename_new(const char *from, const char *to, bool dir)
{
	struct stat st;
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (!dir) {
		if (link(from, to) != 0)
			return -1;
		unlink(from);
		return 0;
	}
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* Makes the file (or with dir, the folder) named by made's template
 * (XXXXXX, replaced) and sets *fd to it open, -1 if a folder made cannot
 * be opened.  False, with errno set, when nothing was made. */
static bool create(char *made, bool dir, int *fd)
{
	*fd = -1;
	if (!dir)
		return (*fd = mkostemp(made, O_CLOEXEC)) >= 0;
	if (!g_mkdtemp(made))
		return false;
	*fd = open(made, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return true;
}

/* Makes a new file (or with dir, folder) from tmpl (ending in XXXXXX),
 * locks it, and renames it to end in its mark instead of the six
 * letters: what no sweep touches until it is marked and held, nor after
 * unless its maker is gone.  Returns the new name (the caller's,
 * g_free) with *fd open and locked until closed, or NULL with errno set
 * and nothing left.  Signals are blocked (the caller records the name
 * before a handler may look). */
static char *make_marked(const char *tmpl, bool dir, int *fd)
{
	size_t n = strlen(tmpl);
	for (int tries = 0; tries < 3; tries++) {
		char *made = g_strdup(tmpl), *to = NULL;
		char m[FSOUT_MARK + 1];
		struct stat st;
		if (!create(made, dir, fd)) {
			int e = errno;
			g_free(made);
			errno = e;
			return NULL;
		}
		if (*fd >= 0 && flock(*fd, LOCK_EX | LOCK_NB) == 0 &&
		    fstat(*fd, &st) == 0) {
			temp_mark(&st, m);
			to = g_strdup_printf("%.*s%s", (int)(n - 6), made, m);
			if (rename_new(made, to, dir) == 0) {
				g_free(made);
				return to;
			}
		}
		int e = errno;
		if (dir)
			rmdir(made);
		else
			unlink(made);
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		g_free(to);
		g_free(made);
		errno = e;
		if (e != EEXIST)
			return NULL;
	}
	return NULL;
}

/* Creates the temporary file for path in the next slot. */
static int open_temp(const char *path)
{
	char *dir = g_path_get_dirname(path);
	char *base = g_path_get_basename(path);
	char *tmpl = g_strdup_printf("%s/.%s." FSOUT_TEMP "XXXXXX", dir, base);
	int fd = -1;
	sigset_t old;

	if (n_staged >= MAX_STAGED) {
		errno = EMFILE;
	} else if (strlen(tmpl) + FSOUT_MARK - 6 >= sizeof staged[0].temp) {
		errno = ENAMETOOLONG;
	} else {
		/* no signal may see the name half-copied, nor the file
		 * before it is in its slot */
		block_signals(&old, true);
		char *name = make_marked(tmpl, false, &fd);
		if (name) {
			memcpy(staged[n_staged].temp, name, strlen(name) + 1);
			staged[n_staged].final = g_strdup(path);
			staged[n_staged].fd = fd;
			n_staged++;
		}
		int e = errno;
		block_signals(&old, false);
		errno = e;
		g_free(name);
	}
	g_free(tmpl);
	g_free(base);
	g_free(dir);
	return fd;
}

/* Removes the temporary file of slot n_staged - 1 and forgets it
 * (signals are blocked). */
static void drop_one(void)
{
	n_staged--;
	if (staged[n_staged].temp[0])
		unlink(staged[n_staged].temp);
	if (staged[n_staged].fd >= 0)
		close(staged[n_staged].fd);
	staged[n_staged].fd = -1;
	g_free(staged[n_staged].final);
	staged[n_staged].final = NULL;
}

/* Removes every staged temporary file and forgets them. */
static void drop_all(void)
{
	sigset_t old;
	block_signals(&old, true);
	while (n_staged > 0)
		drop_one();
	block_signals(&old, false);
}

/* Removes the temporary file staged last (its write failed). */
static void drop_last(void)
{
	sigset_t old;
	block_signals(&old, true);
	drop_one();
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
	/* the file stays open, and locked, until it is renamed or removed */
	bool ok = write_all(fd, data, len) && fchmod(fd, 0666 & ~mask) == 0 &&
	          fsync(fd) == 0;
	if (!ok) {
		int e = errno;
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
	sigset_t old;
	int fd;
	if (strlen(tmpl) + FSOUT_MARK - 6 >= sizeof new_dir || new_dir[0]) {
		errno = new_dir[0] ? EBUSY : ENAMETOOLONG;
		return NULL;
	}
	block_signals(&old, true);
	char *path = make_marked(tmpl, true, &fd);
	if (path) {
		memcpy(new_dir, path, strlen(path) + 1);
		n_in_dir = 0;
		new_dir_fd = fd;
	}
	int e = errno;
	block_signals(&old, false);
	errno = e;
	return path;
}

void fsout_dir_done(void)
{
	sigset_t old;
	block_signals(&old, true);
	new_dir[0] = '\0';
	n_in_dir = 0;
	if (new_dir_fd >= 0)
		close(new_dir_fd);
	new_dir_fd = -1;
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

/* ------------------------------------------------ what a kill left */

/* Whether entry name of folder dfd is a temporary file (or with dir, a
 * folder) octavo made: this user's, and its name ends in its own mark.
 * Never follows a symbolic link; *st gets what it is. */
static bool is_marked(int dfd, const char *name, bool dir, struct stat *st)
{
	size_t n = strlen(name);
	char m[FSOUT_MARK + 1];
	if (n < FSOUT_MARK ||
	    fstatat(dfd, name, st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    st->st_uid != geteuid() ||
	    (dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode)))
		return false;
	temp_mark(st, m);
	return !strcmp(name + n - FSOUT_MARK, m);
}

/* Takes the lock of entry name of folder dfd, if it is octavo's own
 * temporary (is_marked()) and no process holds it: its open descriptor,
 * else -1.  Opens nothing else. */
static int take(int dfd, const char *name, bool dir)
{
	struct stat st, now;
	if (!is_marked(dfd, name, dir, &st))
		return -1;
	int fd = openat(dfd, name,
	                O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
	                    (dir ? O_DIRECTORY : 0));
	if (fd < 0)
		return -1;
	if (fstat(fd, &now) != 0 || now.st_dev != st.st_dev ||
	    now.st_ino != st.st_ino || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Removes what folder fd holds, folders in it too, never following a
 * symbolic link; with only_files, nothing unless it holds only files.
 * Closes fd.  True when it is empty now. */
static bool empty_folder(int fd, bool only_files)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	bool ok = true;
	for (int pass = only_files ? 0 : 1; pass < 2 && ok; pass++) {
		rewinddir(d);
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			struct stat st;
			if (fstatat(dirfd(d), e->d_name, &st,
			            AT_SYMLINK_NOFOLLOW) != 0) {
				ok = false;
			} else if (S_ISDIR(st.st_mode) && pass == 0) {
				ok = false; /* not only files: left alone */
			} else if (S_ISDIR(st.st_mode)) {
				int sub = openat(dirfd(d), e->d_name,
				                 O_RDONLY | O_DIRECTORY |
				                     O_NOFOLLOW | O_CLOEXEC);
				ok = sub >= 0 && empty_folder(sub, false) &&
				     unlinkat(dirfd(d), e->d_name,
				              AT_REMOVEDIR) == 0;
			} else if (pass == 1) {
				ok = unlinkat(dirfd(d), e->d_name, 0) == 0;
			}
			if (!ok)
				break;
		}
	}
	closedir(d);
	return ok;
}

/* Whether name ends in n hexadecimal digits (a mark's form). */
static bool ends_in_mark(const char *name, size_t n)
{
	size_t len = strlen(name);
	if (len < n)
		return false;
	for (size_t i = len - n; i < len; i++)
		if (!g_ascii_isdigit(name[i]) &&
		    !(name[i] >= 'a' && name[i] <= 'f'))
			return false;
	return true;
}

/* ".NAME.octavo-" and a mark: the form of a temporary octavo made. */
static bool temp_name(const char *name)
{
	size_t n = strlen(name), k = strlen("." FSOUT_TEMP);
	return name[0] == '.' && n >= 1 + k + FSOUT_MARK &&
	       !strncmp(name + n - FSOUT_MARK - k, "." FSOUT_TEMP, k) &&
	       ends_in_mark(name, FSOUT_MARK);
}

void fsout_sweep(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		int fd;
		if (!temp_name(e->d_name))
			continue;
		if ((fd = take(dirfd(d), e->d_name, false)) >= 0) {
			unlinkat(dirfd(d), e->d_name, 0);
			close(fd);
		} else if ((fd = take(dirfd(d), e->d_name, true)) >= 0 &&
		           empty_folder(fd, true)) {
			/* an archive's new folder, of files only */
			unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
		}
	}
	closedir(d);
}

/* ------------------------------------------------ unpacked trees */

/* Adds path to the paths the signal handler removes (signals blocked). */
static void track(const char *path)
{
	sigset_t old;
	block_signals(&old, true);
	if ((size_t)n_tracked == tracked_cap) {
		tracked_cap = tracked_cap ? 2 * tracked_cap : 64;
		tracked = g_renew(char *, tracked, tracked_cap);
	}
	tracked[n_tracked] = g_strdup(path);
	n_tracked++;
	block_signals(&old, false);
}

/* Forgets every tracked path under root, root too. */
static void untrack(const char *root)
{
	sigset_t old;
	size_t n = strlen(root), kept = 0;
	block_signals(&old, true);
	for (sig_atomic_t i = 0; i < n_tracked; i++) {
		char *p = tracked[i];
		if (!strncmp(p, root, n) && (p[n] == '/' || !p[n]))
			g_free(p);
		else
			tracked[kept++] = p;
	}
	n_tracked = (sig_atomic_t)kept;
	block_signals(&old, false);
}

void fsout_sweep_trees(const char *parent, const char *prefix)
{
	int dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	size_t n = strlen(prefix);
	struct dirent *e;
	while ((e = readdir(d))) {
		int fd;
		if (!strncmp(e->d_name, prefix, n) &&
		    strlen(e->d_name) == n + FSOUT_MARK &&
		    ends_in_mark(e->d_name, FSOUT_MARK) &&
		    (fd = take(dirfd(d), e->d_name, true)) >= 0 &&
		    empty_folder(fd, false))
			unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

char *fsout_tree_new(const char *tmpl)
{
	size_t slot = 0;
	sigset_t old;
	int fd;
	while (slot < MAX_TREES && trees[slot].root)
		slot++;
	if (slot == MAX_TREES) {
		errno = EBUSY;
		return NULL;
	}
	block_signals(&old, true);
	char *path = make_marked(tmpl, true, &fd);
	int e = errno;
	if (path) {
		track(path);
		trees[slot].root = path;
		trees[slot].fd = fd;
	}
	block_signals(&old, false);
	errno = e;
	return path ? g_strdup(path) : NULL;
}

bool fsout_tree_write(const char *root, const char *rel, const void *data,
                      size_t len)
{
	char **parts = g_strsplit(rel, "/", -1);
	GString *path = g_string_new(root);
	bool ok = true;
	for (char **p = parts; ok && *p; p++) {
		g_string_append_c(path, '/');
		g_string_append(path, *p);
		if (!p[1])
			break;
		if (g_file_test(path->str, G_FILE_TEST_IS_DIR))
			continue;
		track(path->str); /* before it exists: a signal may come */
		ok = mkdir(path->str, 0777) == 0;
	}
	if (ok) {
		track(path->str);
		int fd = open(
		    path->str,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		ok = fd >= 0 && write_all(fd, data, len);
		int e = errno;
		if (fd >= 0 && close(fd) != 0 && ok) {
			ok = false;
			e = errno;
		}
		errno = e;
	}
	g_string_free(path, TRUE);
	g_strfreev(parts);
	return ok;
}

void fsout_tree_remove(const char *root)
{
	for (size_t i = 0; i < MAX_TREES; i++) {
		if (!trees[i].root || strcmp(trees[i].root, root))
			continue;
		int fd =
		    open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && empty_folder(fd, false))
			rmdir(root);
		untrack(root);
		close(trees[i].fd);
		g_free(trees[i].root);
		trees[i].root = NULL;
	}
}
