/*
 * region.c -- opening a counter file: exactly one process initialises it.
 *
 * Read README.md first ("Exactly one initialiser").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "counter.h"

int region_open(const char *path, int create, struct region **out)
{
	/*
	 * TODO:
	 *   - create: open(path, O_RDWR | O_CREAT | O_EXCL, 0600).  Success
	 *     means this process made the file and is the one to initialise
	 *     it: ftruncate() it to sizeof(struct region), mmap() it
	 *     (PROT_READ | PROT_WRITE, MAP_SHARED; failure is MAP_FAILED),
	 *     sem_init(&r->sem, 1, 1), count = 0, and only then -- last --
	 *     store READY_MAGIC in r->ready:
	 *         __atomic_store_n(&r->ready, READY_MAGIC, __ATOMIC_RELEASE);
	 *   - EEXIST (or !create): open(path, O_RDWR) the existing file, wait
	 *     (short nanosleep()s, give up after a few seconds) until fstat()
	 *     shows its full size, mmap() it, then wait until
	 *         __atomic_load_n(&r->ready, __ATOMIC_ACQUIRE) == READY_MAGIC.
	 *     Never initialise a file somebody else created.
	 *   - close the descriptor (the mapping stays), *out = the region.
	 * On a failure: perror("<call>") and return -1.
	 */
	(void)path;
	(void)create;
	(void)out;
	fprintf(stderr, "region_open: not implemented\n");
	return -1;
}
