/*
 * psx_cleanup -- removes the shared memory object and the semaphore.
 *
 * Usage: psx_cleanup <shm> <sem>
 *
 * Unlinks both names (trying both even when the first fails); exit 1 when
 * either fails.
 */
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: psx_cleanup <shm> <sem>\n");
		return 2;
	}
	if (shm_unlink(argv[1]) == -1) {
		perror("shm_unlink");
		status = 1;
	}
	if (sem_unlink(argv[2]) == -1) {
		perror("sem_unlink");
		status = 1;
	}
	return status;
}
