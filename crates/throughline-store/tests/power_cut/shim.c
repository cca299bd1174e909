/* A power cut, simulated for tests/crash.rs: preloaded into a writer, it keeps what a disk
 * that loses everything not yet synced would hold, for the files in $POWERCUT_DIR:
 * - a file's contents as at its last fsync/fdatasync, in FILE.synced;
 * - which files the folder holds as at the folder's last fsync, in .listing.synced (a file
 *   created or removed since then may come back or vanish: POSIX makes a name durable only
 *   when its folder is synced).
 * After the writer is killed, the test puts the folder and every file back to that.
 *
 * The copy is written beside the file and renamed over the previous one, so a kill in the
 * middle of a sync leaves the sync before it: the sync did not complete. It is read through
 * the synced descriptor itself, because opening the file again and closing it would drop the
 * process's POSIX locks on it, which SQLite relies on. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int ends_with(const char *name, const char *suffix) {
    size_t n = strlen(name), k = strlen(suffix);
    return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* The names of the files in the folder, one a line, but for this simulation's own. */
static void keep_listing(const char *dir) {
    char tmp[PATH_MAX + 32], kept[PATH_MAX + 32];
    snprintf(tmp, sizeof tmp, "%s/.listing.syncing", dir);
    snprintf(kept, sizeof kept, "%s/.listing.synced", dir);
    FILE *out = fopen(tmp, "w");
    DIR *folder = opendir(dir);
    if (!out || !folder) abort();
    struct dirent *entry;
    while ((entry = readdir(folder))) {
        const char *name = entry->d_name;
        if (entry->d_type != DT_REG || ends_with(name, ".synced") || ends_with(name, ".syncing"))
            continue;
        fprintf(out, "%s\n", name);
    }
    closedir(folder);
    if (fclose(out) != 0 || rename(tmp, kept) != 0) abort();
}

static void keep(int fd) {
    const char *dir = getenv("POWERCUT_DIR");
    char link[64], path[PATH_MAX];
    if (!dir) return;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n < 0) return;
    path[n] = 0;
    struct stat st;
    if (strncmp(path, dir, strlen(dir)) != 0 || fstat(fd, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        if (strcmp(path, dir) == 0) keep_listing(dir);
        return;
    }
    if (!S_ISREG(st.st_mode)) return;
    char tmp[PATH_MAX + 16], kept[PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.syncing", path);
    snprintf(kept, sizeof kept, "%s.synced", path);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) abort();
    static char buf[1 << 16];
    off_t at = 0;
    ssize_t got;
    while ((got = pread(fd, buf, sizeof buf, at)) > 0) {
        if (write(out, buf, (size_t)got) != got) abort();
        at += got;
    }
    if (got < 0 || close(out) != 0 || rename(tmp, kept) != 0) abort();
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    keep(fd);
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    keep(fd);
    return real(fd);
}
