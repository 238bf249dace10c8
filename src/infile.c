/* infile.c - every file octavo is given, opened and read in one place. */
#define _GNU_SOURCE /* O_PATH */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* What each kind is called, where it must stay, how big it may be and
 * what to do when it is bigger; whether it is kept once read. */
static const struct kind {
	const char *noun;
	const char *root_name;
	gsize max;
	const char *hint;
	bool keep;
} kinds[INFILE_KINDS] = {
    [INFILE_MANIFEST] = {"manifest", "the book folder", 1 << 20, "", true},
    [INFILE_CHAPTER] = {"chapter", "the book folder", 4 << 20,
                        " (split it into several chapters)", true},
    [INFILE_HISTORY] = {"edition history", "the book folder", 4 << 20,
                        " (keep the older editions in another file)", true},
    [INFILE_BIB] = {"bibliography", "the book folder", 16 << 20,
                    " (keep only the works the book cites)", true},
    [INFILE_IMAGE] = {"image", "the book folder", 32 << 20,
                      " (save it smaller or more compressed)", true},
    [INFILE_THEME] = {"theme", "its styles folder", 1 << 20, "", true},
    [INFILE_STYLESHEET] = {"style sheet", "the book folder", 1 << 20, "", true},
    [INFILE_FONT] = {"font", "the book folder", 64 << 20,
                     " (keep only the faces the book uses)", false},
    [INFILE_INSTALLED] = {"file", "its folder", 256 << 20, "", false},
    [INFILE_ARCHIVED] = {"archived file", "the archived edition", 1 << 30, "",
                         false},
    [INFILE_SUMS] = {"archived file", "the archived edition", 1 << 20, "",
                     false},
    [INFILE_INCLUDED] = {"included file", "the book folder", 4 << 20,
                         " (include a part of it)", true},
};

/* The files read so far, by absolute real path: GBytes. */
static GMutex kept_lock;
static GHashTable *kept;

gsize infile_limit(enum infile_kind kind)
{
	return kinds[kind].max;
}

char *infile_size_text(guint64 size)
{
	static const char *const units[] = {"KB", "MB", "GB"};
	if (size < 1024)
		return g_strdup_printf("%u bytes", (unsigned)size);
	double v = (double)size / 1024;
	size_t u = 0;
	while (u < 2 && v >= 1024) {
		v /= 1024;
		u++;
	}
	if (v == (double)(guint64)v)
		return g_strdup_printf("%u %s", (unsigned)v, units[u]);
	return g_strdup_printf("%.1f %s", v, units[u]);
}

/* A problem with the whole file when no place names it: "octavo: PATH:
 * reason", at the level f asks for; reason is freed. */
static void say(const struct infile *f, char *reason)
{
	char *path = g_build_filename(f->root, f->name, NULL);
	if (f->level == DIAG_ERROR)
		diag_path(path, FILE_REFUSED, reason);
	else
		diag_path(path, SYSTEM, reason);
	g_free(path);
	g_free(reason);
}

static const char *noun(const struct infile *f)
{
	return kinds[f->kind].noun;
}

static const char *shown(const struct infile *f)
{
	return f->shown ? f->shown : f->name;
}

static const char *root_name(const struct infile *f)
{
	return f->root_name ? f->root_name : kinds[f->kind].root_name;
}

static void report_missing(const struct infile *f, const char *more)
{
	if (f->at)
		diag(f->at, FILE_MISSING, noun(f), shown(f), more);
	else
		say(f, g_strconcat(g_strerror(ENOENT), more, NULL));
}

static void report_errno(const struct infile *f, int err)
{
	if (err == ENOENT)
		report_missing(f, "");
	else if (err == EXDEV && f->at)
		diag(f->at, FILE_OUTSIDE, noun(f), shown(f), root_name(f));
	else if (err == EXDEV)
		say(f, g_strdup_printf("is outside %s", root_name(f)));
	else if (err == ELOOP && f->no_symlinks && f->at)
		diag(f->at, FILE_SYMLINK, noun(f), shown(f));
	else if (err == ELOOP && f->no_symlinks)
		say(f, g_strdup("is a symbolic link"));
	else if (f->at)
		diag(f->at, FILE_UNREADABLE, noun(f), shown(f),
		     g_strerror(err));
	else
		say(f, g_strdup(g_strerror(err)));
}

static void report_not_regular(const struct infile *f)
{
	if (f->at)
		diag(f->at, FILE_NOT_REGULAR, noun(f), shown(f));
	else
		say(f, g_strdup("not a regular file"));
}

/* openat2() beneath dfd; -1 with errno ENOSYS where the kernel (or a
 * sandbox) does not have it. */
static int open_beneath(int dfd, const char *name, bool no_symlinks)
{
	struct open_how how = {
	    .flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
	    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS |
	               (no_symlinks ? RESOLVE_NO_SYMLINKS : 0)};
	long fd;
	do
		fd = syscall(SYS_openat2, dfd, name, &how, sizeof how);
	while (fd < 0 && errno == EAGAIN);
	if (fd < 0 && errno == EPERM)
		errno = ENOSYS; /* a seccomp filter that does not know it */
	return (int)fd;
}

/* Without openat2: the real path must start with the root's real path,
 * and with no_symlinks the path given must be that real path. */
static int open_checked(const char *root, const char *name, bool no_symlinks)
{
	if (g_path_is_absolute(name)) {
		errno = EXDEV;
		return -1;
	}
	char *dir = realpath(root, NULL);
	char *path = g_build_filename(root, name, NULL);
	char *real = dir ? realpath(path, NULL) : NULL;
	char *plain = dir ? g_build_filename(dir, name, NULL) : NULL;
	size_t n = dir ? strlen(dir) : 0;
	int fd = -1;
	if (!dir || !real) {
		/* errno from realpath */
	} else if (strncmp(real, dir, n) || real[n] != '/') {
		errno = EXDEV;
	} else if (no_symlinks && strcmp(real, plain)) {
		errno = ELOOP;
	} else {
		fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY |
		                    O_NOFOLLOW);
	}
	int e = errno;
	g_free(plain);
	free(real);
	g_free(path);
	free(dir);
	errno = e;
	return fd;
}

static int open_file(const struct infile *f)
{
	int dfd = open(f->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	int fd = open_beneath(dfd, f->name, f->no_symlinks);
	int e = errno;
	close(dfd);
	if (fd < 0 && e == ENOSYS)
		return open_checked(f->root, f->name, f->no_symlinks);
	errno = e;
	return fd;
}

/* The absolute real path of the open file fd, or NULL. */
static char *fd_path(int fd)
{
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	char *path = g_file_read_link(link, NULL);
	if (path && path[0] != '/') {
		g_free(path);
		path = NULL;
	}
	return path;
}

/* Reads the regular file fd of st.st_size bytes, at most max (it may have
 * grown since); NULL with errno set, or EFBIG when it passed max. */
static GBytes *read_all(int fd, const struct stat *st, gsize max)
{
	gsize want = (gsize)st->st_size, len = 0;
	guint8 *data = g_malloc(want + 1);
	for (;;) {
		if (len == want) {
			/* at the size fstat gave: is there more? */
			if (want >= max + 1)
				break;
			want = MIN(max + 1, want ? want * 2 : 4096);
			data = g_realloc(data, want + 1);
		}
		ssize_t n = read(fd, data + len, want - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			g_free(data);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		len += (gsize)n;
	}
	if (len > max) {
		g_free(data);
		errno = EFBIG;
		return NULL;
	}
	data[len] = '\0';
	return g_bytes_new_take(data, len);
}

/* The part of real below the real path of root, or NULL. */
static char *below(const char *root, const char *real)
{
	char *dir = realpath(root, NULL);
	size_t n = dir ? strlen(dir) : 0;
	char *rel = dir && !strncmp(real, dir, n) && real[n] == '/'
	                ? g_strdup(real + n + 1)
	                : NULL;
	free(dir);
	return rel;
}

static void too_big(const struct infile *f, guint64 size)
{
	char *have = infile_size_text(size);
	char *most = infile_size_text(kinds[f->kind].max);
	const char *a = strchr("aeiou", noun(f)[0]) ? "an" : "a";
	if (f->at)
		diag(f->at, FILE_TOO_BIG, noun(f), shown(f), have, most, a,
		     noun(f), kinds[f->kind].hint);
	else
		say(f, g_strdup_printf("is %s, more than the %s %s %s may "
		                       "have%s",
		                       have, most, a, noun(f),
		                       kinds[f->kind].hint));
	g_free(most);
	g_free(have);
}

static GBytes *kept_lookup(const char *path)
{
	g_mutex_lock(&kept_lock);
	GBytes *b = kept ? g_hash_table_lookup(kept, path) : NULL;
	if (b)
		g_bytes_ref(b);
	g_mutex_unlock(&kept_lock);
	return b;
}

/* Keeps b as the bytes of path; returns the bytes kept for it (b, or
 * those another thread kept first), a reference the caller owns. */
static GBytes *kept_add(const char *path, GBytes *b)
{
	g_mutex_lock(&kept_lock);
	if (!kept)
		kept = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		                             (GDestroyNotify)g_bytes_unref);
	GBytes *had = g_hash_table_lookup(kept, path);
	if (had) {
		g_bytes_ref(had);
		g_bytes_unref(b);
		b = had;
	} else {
		g_hash_table_insert(kept, g_strdup(path), g_bytes_ref(b));
	}
	g_mutex_unlock(&kept_lock);
	return b;
}

/* Reads the open file fd: the kept bytes when it was read before. */
static GBytes *read_open(const struct infile *f, int fd, const char *path)
{
	const struct kind *k = &kinds[f->kind];
	GBytes *b = k->keep && path ? kept_lookup(path) : NULL;
	struct stat st;
	if (!b && fstat(fd, &st) != 0) {
		report_errno(f, errno);
	} else if (!b && S_ISDIR(st.st_mode)) {
		report_errno(f, EISDIR);
	} else if (!b && !S_ISREG(st.st_mode)) {
		report_not_regular(f);
	} else if (!b && (guint64)st.st_size > k->max) {
		too_big(f, (guint64)st.st_size);
	} else if (!b && !(b = read_all(fd, &st, k->max))) {
		if (errno == EFBIG)
			too_big(f, (guint64)k->max + 1);
		else
			report_errno(f, errno);
	} else if (b && g_bytes_get_size(b) > k->max) {
		too_big(f, g_bytes_get_size(b));
		g_bytes_unref(b);
		b = NULL;
	} else if (k->keep && path) {
		b = kept_add(path, b);
	}
	return b;
}

void infile_report_missing(const struct infile *f, const char *more)
{
	report_missing(f, more);
}

enum infile_status infile_read(const struct infile *f, GBytes **bytes,
                               char **real)
{
	int fd = open_file(f);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT && f->quiet_missing)
			return INFILE_MISSING;
		report_errno(f, e);
		return e == ENOENT ? INFILE_MISSING : INFILE_FAILED;
	}
	char *path = fd_path(fd);
	if (!path) { /* no /proc: the same, resolved by name */
		char *joined = g_build_filename(f->root, f->name, NULL);
		char *r = realpath(joined, NULL);
		path = r ? g_strdup(r) : NULL;
		free(r);
		g_free(joined);
	}
	GBytes *b = read_open(f, fd, path);
	close(fd);
	if (b && real && !(*real = path ? below(f->root, path) : NULL)) {
		report_errno(f, EXDEV);
		g_bytes_unref(b);
		b = NULL;
	}
	g_free(path);
	if (!b)
		return INFILE_FAILED;
	*bytes = b;
	return INFILE_OK;
}

GBytes *infile_read_installed(const char *path)
{
	char *dir = g_path_get_dirname(path);
	char *base = g_path_get_basename(path);
	struct infile f = {.kind = INFILE_INSTALLED,
	                   .root = dir,
	                   .name = base,
	                   .level = DIAG_SYS};
	GBytes *b = NULL;
	if (infile_read(&f, &b, NULL) != INFILE_OK)
		b = NULL;
	g_free(base);
	g_free(dir);
	return b;
}

GBytes *infile_read_own(const char *path, gsize max, int *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	GBytes *b = NULL;
	if (fd < 0 || fstat(fd, &st) != 0)
		*err = errno;
	else if (S_ISDIR(st.st_mode))
		*err = EISDIR;
	else if (!S_ISREG(st.st_mode))
		*err = INFILE_NOT_REGULAR;
	else if ((guint64)st.st_size > max)
		*err = EFBIG;
	else if (!(b = read_all(fd, &st, max)))
		*err = errno;
	if (fd >= 0)
		close(fd);
	return b;
}

const char *infile_strerror(int err)
{
	return err == INFILE_NOT_REGULAR ? "not a regular file"
	                                 : g_strerror(err);
}

GBytes *infile_get(const char *path)
{
	return kept_lookup(path);
}

char *infile_real_dir(const char *dir)
{
	char *r = realpath(dir, NULL);
	char *copy = r ? g_strdup(r) : NULL;
	free(r);
	return copy;
}

void infile_forget(void)
{
	g_mutex_lock(&kept_lock);
	if (kept)
		g_hash_table_destroy(kept);
	kept = NULL;
	g_mutex_unlock(&kept_lock);
}
