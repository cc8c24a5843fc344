/*
 * counter_show -- prints the counter of a counter file.
 *
 * Usage: counter_show <file>
 *
 * The file must exist already (do not create it).  Print the count as a
 * decimal number on a line of its own.  Exit 0; 1 after a perror-style line
 * (no file: "open: No such file or directory"); 2 on wrong usage.
 *
 * Read README.md first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "counter.h"

int main(int argc, char *argv[])
{
	struct region *r;

	if (argc != 2) {
		fprintf(stderr, "usage: counter_show <file>\n");
		return 2;
	}
	if (region_open(argv[1], 0, &r) == -1)
		return 1;

	/*
	 * TODO: read r->count inside sem_wait/sem_post and print it
	 * ("%lld\n", cast to long long), then fflush(stdout).
	 */

	fprintf(stderr, "counter_show: not implemented\n");
	return 1;
}
