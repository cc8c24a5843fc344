/*
 * psx_show -- prints the shared counter.
 *
 * Usage: psx_show <shm>
 *
 * Prints the 64-bit counter in the shared memory object as a decimal
 * number on a line of its own.
 * Exit 0; 1 after a perror-style line (no object: "shm_open: No such file
 * or directory"); 2 on wrong usage.
 *
 * Read README.md first.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: psx_show <shm>\n");
		return 2;
	}

	/*
	 * TODO: shm_open(argv[1], O_RDONLY, 0); mmap() sizeof(int64_t) bytes
	 * with PROT_READ, MAP_SHARED; printf("%lld\n", (long long)*count);
	 * fflush(stdout); exit 0.
	 */

	(void)argv;
	fprintf(stderr, "psx_show: not implemented\n");
	return 1;
}
