/*
 * psx_cleanup -- removes the shared memory object and the semaphore.
 *
 * Usage: psx_cleanup <shm> <sem>
 *
 * BUG: unlinks only the shared memory object.  sem_close() or nothing at
 * all does not remove a named semaphore: it stays in /dev/shm (as
 * sem.<name>) until somebody calls sem_unlink().
 */
#include <fcntl.h>
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
	(void)argv[2];
	return status;
}
