/*
 * fifo_tee -- copy standard input to standard output and to a FIFO.
 *
 * Usage: fifo_tee <fifo>
 *
 * The FIFO is made (mkfifo) and read by someone else.  Copy every byte of
 * stdin to stdout and into the FIFO.  Refuse a path that is not a FIFO
 * ("<fifo>: not a FIFO" on stderr, exit 1) or that does not exist
 * (perror-style line, exit 1).  When the FIFO's reader goes away, do not
 * die: print "fifo_tee: reader closed <fifo>" on stderr once, stop writing
 * to the FIFO, go on copying to stdout, exit 0.
 *
 * Read README.md first.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define BUFSIZE 65536

/*
 * TODO: a helper that writes all n bytes of buf to fd: loop over partial
 * writes, retry EINTR, return -1 (errno set) on any other error.
 */

int main(int argc, char *argv[])
{
	const char *path;

	if (argc != 2) {
		fprintf(stderr, "usage: fifo_tee <fifo>\n");
		return 2;
	}
	path = argv[1];

	/*
	 * TODO: SIGPIPE.  A write into a FIFO whose reader has gone raises
	 * SIGPIPE, and its default action kills the process.  You want the
	 * write to fail with EPIPE instead.
	 */

	/*
	 * TODO: stat() the path (on failure perror("stat"), exit 1) and refuse
	 * anything that is not a FIFO (S_ISFIFO):
	 *     fprintf(stderr, "%s: not a FIFO\n", path);  exit 1
	 */

	/*
	 * TODO: open the FIFO for writing (O_WRONLY).  This blocks until a
	 * reader opens it -- that is expected.
	 */

	/*
	 * TODO: the copy loop.  read() stdin until it returns 0; write each
	 * chunk entirely to STDOUT_FILENO, then to the FIFO -- as long as the
	 * FIFO is still in use.  When the FIFO write fails with EPIPE:
	 *     fprintf(stderr, "fifo_tee: reader closed %s\n", path);
	 * once, close the FIFO and write only to stdout from then on.
	 * Any other error: perror("read") / perror("write"), exit 1.
	 */

	/* TODO: at end of input close the FIFO (the reader sees end of file), exit 0. */

	(void)path;
	fprintf(stderr, "fifo_tee: not implemented\n");
	return 1;
}
