/*
 * counter.h -- the layout of a counter file, shared by counter and
 * counter_show.
 *
 * The file holds one struct region, mapped MAP_SHARED by every process that
 * uses it.  The process that creates the file initialises it and writes
 * `ready` last; every other process waits until `ready` is READY_MAGIC before
 * it touches the semaphore or the count.
 */
#ifndef COUNTER_H
#define COUNTER_H

#include <semaphore.h>
#include <stdint.h>

#define READY_MAGIC 0x52544e43u		/* "CNTR" */

struct region {
	sem_t sem;		/* process-shared, guards count */
	int64_t count;
	uint32_t ready;		/* READY_MAGIC once sem and count are set */
};

/*
 * Open (creating when missing) and map the counter file at path, and wait
 * until it is initialised; the region through *out.  create: make the file
 * when it is missing (counter) or not (counter_show).  On failure prints a
 * line on stderr and returns -1.
 */
int region_open(const char *path, int create, struct region **out);

#endif
