/*
 * psx_cleanup -- removes the shared memory object and the semaphore.
 *
 * Usage: psx_cleanup <shm> <sem>
 *
 * Unlinks both names, trying both even when the first fails.
 * Exit 0; 1 after a perror-style line if either failed; 2 on wrong usage.
 *
 * Read README.md first.
 */
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>

int main(int argc, char *argv[])
{
	if (argc != 3) {
		fprintf(stderr, "usage: psx_cleanup <shm> <sem>\n");
		return 2;
	}

	/*
	 * TODO: shm_unlink(argv[1]) and sem_unlink(argv[2]); perror() each
	 * failure ("shm_unlink", "sem_unlink"); exit 1 if either failed.
	 */

	(void)argv;
	fprintf(stderr, "psx_cleanup: not implemented\n");
	return 1;
}
