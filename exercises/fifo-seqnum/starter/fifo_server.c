/*
 * fifo_server -- hand out sequence numbers through FIFOs.
 *
 * Usage: fifo_server <dir>
 *
 * Make <dir>/server.fifo (mode 0600), print "ready" (flushed), then serve
 * forever.  A request is one line "<client-pid> <count>".  For each one,
 * open <dir>/client.<pid>.fifo for writing, write the current sequence
 * number (starting at 0) on one line, close it, then add <count> to the
 * sequence number.  A client that has vanished must not stop the server.
 * On SIGTERM or SIGINT remove server.fifo and exit 0.
 *
 * Read README.md first.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static char server_path[PATH_MAX];

/*
 * TODO: a SIGTERM/SIGINT handler that removes server_path and exits 0.
 * Only async-signal-safe calls in a handler: unlink() and _exit() are.
 */

/*
 * TODO: reply(dir, pid, seq): open "<dir>/client.<pid>.fifo" for writing
 * and write "<seq>\n".  A plain open(O_WRONLY) waits for a reader -- forever
 * if the client has died.  Use O_WRONLY | O_NONBLOCK: it fails with ENXIO
 * while nobody has the FIFO open for reading.  The client may simply not
 * have opened it yet, so retry every millisecond while the client process
 * exists (kill(pid, 0) fails with ESRCH once it is gone), a few seconds at
 * most.  Any other error: skip this client.
 */

int main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: fifo_server <dir>\n");
		return 2;
	}
	if (snprintf(server_path, sizeof server_path, "%s/server.fifo", argv[1]) >=
	    (int)sizeof server_path) {
		fprintf(stderr, "fifo_server: path too long\n");
		return 1;
	}

	/* TODO: ignore SIGPIPE: a client may die between your open and your write. */

	/* TODO: install the SIGTERM and SIGINT handler (sigaction). */

	/* TODO: mkfifo(server_path, 0600); on failure perror("mkfifo"), exit 1. */

	/*
	 * TODO: open server.fifo for reading.  Also keep a write end open
	 * yourself, or read() returns 0 (end of file) each time the last
	 * client closes it.  A plain O_RDONLY open would block until a client
	 * comes: open with O_RDONLY | O_NONBLOCK first, then O_WRONLY, then
	 * clear O_NONBLOCK on the read end (fcntl F_SETFL).
	 */

	/* TODO: printf("ready\n") and fflush(stdout). */

	/*
	 * TODO: serve forever.  read() into a buffer; it may hold several
	 * requests and part of the next one.  Handle every complete line
	 * ("<pid> <count>"): reply(dir, pid, seq), then seq += count.  Keep
	 * the incomplete tail for the next read.
	 */

	fprintf(stderr, "fifo_server: not implemented\n");
	return 1;
}
