/*
 * cache_fs.h - file-system helpers of the extraction cache, all relative to
 * a directory descriptor (never a path resolved twice), and the list of
 * directories that inductor_cache_cleanup_staging() removes on a signal.
 * Internal to libinductor.
 */
#ifndef INDUCTOR_CACHE_FS_H
#define INDUCTOR_CACHE_FS_H

#include <stddef.h>
#include <stdint.h>

/* Removes `name` under `at` and everything below it, following no
 * symbolic link, with system calls only (open, getdents64, unlinkat,
 * close): async-signal-safe. */
void cache_rm_tree_at(int at, const char *name);

/* Removes everything inside the open directory `fd` (not the directory
 * itself), following no symbolic link. */
void cache_rm_contents(int fd);

/* Disk space (st_blocks) of `name` under `at` and everything below it,
 * following no symbolic link: what `du -s -B1` reports. */
uint64_t cache_tree_bytes(int at, const char *name);

/* mkdir -p of `rel` under dirfd (AT_FDCWD: the current directory), each
 * level created 0700; an existing level is fine.  0, or -1 with errno. */
int cache_mkdirs_at(int dirfd, const char *rel);

/* write() until done; 0, or -1 with errno set. */
int cache_write_all(int fd, const void *p, size_t n);

/* Registers `name` under `parent_fd` (duplicated) for removal by
 * inductor_cache_cleanup_staging(): a staging directory while it is being
 * filled, a temporary directory while its model is open.  Returns a slot
 * for cache_cleanup_unregister(), or -1 when all slots are taken (the
 * directory is then not removed on a signal; nothing else changes). */
int cache_cleanup_register(int parent_fd, const char *name);
void cache_cleanup_unregister(int slot);

#endif /* INDUCTOR_CACHE_FS_H */
