/*
 * psx_init -- creates the shared counter and the semaphore guarding it.
 *
 * Usage: psx_init <shm> <sem>
 *
 * Creates the POSIX shared memory object <shm> (O_CREAT | O_EXCL, mode
 * 0600), sized for one 64-bit counter (zero), and the named semaphore <sem>
 * (O_CREAT | O_EXCL, mode 0600, value 1).
 * Exit 0; 1 after a perror-style line (an object exists already:
 * "shm_open: File exists"); 2 on wrong usage.
 *
 * Read README.md first.
 */
#include <fcntl.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	if (argc != 3) {
		fprintf(stderr, "usage: psx_init <shm> <sem>\n");
		return 2;
	}

	/*
	 * TODO: shm_open(argv[1], O_RDWR | O_CREAT | O_EXCL, 0600); on failure
	 * perror("shm_open"), exit 1 -- and touch nothing.
	 */

	/*
	 * TODO: ftruncate() it to sizeof(int64_t) (the new bytes read as 0),
	 * close the descriptor.
	 */

	/*
	 * TODO: sem_open(argv[2], O_CREAT | O_EXCL, 0600, 1); on failure
	 * (SEM_FAILED) perror("sem_open"), shm_unlink() the object you just
	 * created, exit 1.  sem_close(), exit 0.
	 */

	(void)argv;
	fprintf(stderr, "psx_init: not implemented\n");
	return 1;
}
