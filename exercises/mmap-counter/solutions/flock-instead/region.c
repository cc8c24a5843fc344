/*
 * region.c -- opening a counter file: exactly one process initialises it.
 *
 * open(O_CREAT | O_EXCL) decides who creates the file: only that process
 * sizes it, sets up the semaphore and the count, and then -- last -- stores
 * READY_MAGIC in `ready`.  Every other process opens the existing file, waits
 * until it has its full size and `ready` is set, and never writes the
 * semaphore or the count outside sem_wait/sem_post.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "counter.h"

#define POLL_NS 100000L		/* 0.1 ms between looks at a new file */
#define POLL_MAX 50000		/* give up after about 5 s */

static void pause_a_little(void)
{
	struct timespec ts = { 0, POLL_NS };
	nanosleep(&ts, NULL);
}

static struct region *map_region(int fd)
{
	void *p = mmap(NULL, sizeof(struct region), PROT_READ | PROT_WRITE,
		       MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return NULL;
	}
	return p;
}

/* The creator: size the file, initialise the region, publish it. */
static int initialise(int fd, struct region **out)
{
	struct region *r;

	if (ftruncate(fd, sizeof(struct region)) == -1) {
		perror("ftruncate");
		return -1;
	}
	r = map_region(fd);
	if (r == NULL)
		return -1;
	if (sem_init(&r->sem, 1, 1) == -1) {
		perror("sem_init");
		return -1;
	}
	r->count = 0;
	/* Last: the others may use the region from now on. */
	__atomic_store_n(&r->ready, READY_MAGIC, __ATOMIC_RELEASE);
	*out = r;
	return 0;
}

/* Anyone else: wait for the creator to finish. */
static int wait_ready(int fd, const char *path, struct region **out)
{
	struct region *r;
	struct stat st;
	int i;

	for (i = 0;; i++) {
		if (fstat(fd, &st) == -1) {
			perror("fstat");
			return -1;
		}
		if (st.st_size >= (off_t)sizeof(struct region))
			break;
		if (i == POLL_MAX)
			goto not_ready;
		pause_a_little();
	}
	r = map_region(fd);
	if (r == NULL)
		return -1;
	for (; __atomic_load_n(&r->ready, __ATOMIC_ACQUIRE) != READY_MAGIC; i++) {
		if (i >= POLL_MAX)
			goto not_ready;
		pause_a_little();
	}
	*out = r;
	return 0;

not_ready:
	fprintf(stderr, "%s: not an initialised counter file\n", path);
	return -1;
}

int region_open(const char *path, int create, struct region **out)
{
	int fd, r;

	fd = create ? open(path, O_RDWR | O_CREAT | O_EXCL, 0600) : -1;
	if (fd != -1) {
		r = initialise(fd, out);
	} else {
		if (create && errno != EEXIST) {
			perror("open");
			return -1;
		}
		fd = open(path, O_RDWR);
		if (fd == -1) {
			perror("open");
			return -1;
		}
		r = wait_ready(fd, path, out);
	}
	close(fd);		/* the mapping stays */
	return r;
}
