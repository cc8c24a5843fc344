/*
 * fifo_server -- hand out sequence numbers through FIFOs.
 *
 * Usage: fifo_server <dir>
 *
 * Makes <dir>/server.fifo (mode 0600), prints "ready" (never flushed: the bug) and serves
 * forever.  A request is one line "<client-pid> <count>".  For each, the
 * server opens <dir>/client.<pid>.fifo for writing, writes the current
 * sequence number (starting at 0) on one line, then adds <count> to it.
 * A client that has vanished does not stop the server: SIGPIPE is ignored
 * and the client's FIFO is opened with O_NONBLOCK (retried while the client
 * is alive but has not opened it yet).  On SIGTERM or SIGINT the server
 * removes server.fifo and exits 0.
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

#define REPLY_TRIES 2000		/* 1 ms apart: give up on a client after 2 s */

static char server_path[PATH_MAX];

/* SIGTERM, SIGINT: unlink() and _exit() are async-signal-safe. */
static void on_term(int sig)
{
	(void)sig;
	unlink(server_path);
	_exit(0);
}

static void fail(const char *call)
{
	perror(call);
	if (server_path[0] != '\0')
		unlink(server_path);
	exit(1);
}

/* Parse "<pid> <count>": two decimal numbers, pid > 0.  0 or -1. */
static int parse_request(const char *s, long *pid, long *count)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*pid = strtol(s, &end, 10);
	if (errno != 0 || *pid <= 0 || *pid > INT_MAX || *end != ' ')
		return -1;
	s = end + 1;
	if (*s < '0' || *s > '9')
		return -1;
	*count = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	return 0;
}

/* Write "<seq>\n" into the client's FIFO; a vanished client is skipped. */
static void reply(const char *dir, long pid, long seq)
{
	char path[PATH_MAX], line[32];
	struct timespec ms = { 0, 1000000 };
	int fd, tries, len;

	if (snprintf(path, sizeof path, "%s/client.%ld.fifo", dir, pid) >= (int)sizeof path)
		return;
	for (tries = 0;; tries++) {
		/*
		 * O_NONBLOCK: never wait for a reader that may never come.
		 * ENXIO means no reader yet -- the client writes its request
		 * before it opens its own FIFO, so try again while it lives.
		 */
		fd = open(path, O_WRONLY | O_NONBLOCK);
		if (fd != -1)
			break;
		if (errno == EINTR)
			continue;
		if (errno != ENXIO || (kill((pid_t)pid, 0) == -1 && errno == ESRCH) ||
		    tries >= REPLY_TRIES) {
			fprintf(stderr, "fifo_server: client %ld is gone\n", pid);
			return;
		}
		nanosleep(&ms, NULL);
	}
	len = snprintf(line, sizeof line, "%ld\n", seq);
	/* A short line into an empty FIFO is written whole; EPIPE: the client died. */
	if (write(fd, line, (size_t)len) != len)
		fprintf(stderr, "fifo_server: client %ld is gone\n", pid);
	close(fd);
}

int main(int argc, char *argv[])
{
	static char buf[4096 + 1];
	char path[PATH_MAX];
	size_t used = 0;
	struct sigaction sa;
	sigset_t term, old;
	long seq = 0;
	int rfd, wfd;

	if (argc != 2) {
		fprintf(stderr, "usage: fifo_server <dir>\n");
		return 2;
	}
	if (snprintf(path, sizeof path, "%s/server.fifo", argv[1]) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		perror("mkfifo");
		return 1;
	}

	/* A client that dies between our open and our write must not kill us. */
	signal(SIGPIPE, SIG_IGN);

	/*
	 * SIGTERM and SIGINT remove server_path.  They are held back while the
	 * FIFO is made, so that server_path names it exactly when it is ours.
	 */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, &old);
	if (sigaction(SIGTERM, &sa, NULL) == -1 || sigaction(SIGINT, &sa, NULL) == -1)
		fail("sigaction");
	if (mkfifo(path, 0600) == -1)
		fail("mkfifo");	/* server_path is still empty: nothing to remove */
	strcpy(server_path, path);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/*
	 * Open for reading without waiting for a writer, then hold a write end
	 * ourselves: read() then never sees end of file between clients.
	 */
	rfd = open(server_path, O_RDONLY | O_NONBLOCK);
	if (rfd == -1)
		fail("open");
	wfd = open(server_path, O_WRONLY);
	if (wfd == -1)
		fail("open");
	if (fcntl(rfd, F_SETFL, O_RDONLY) == -1)	/* blocking reads from now on */
		fail("fcntl");

	printf("ready\n"); /* the bug: no fflush(stdout), and stdout is a pipe, so "ready" stays in the stdio buffer */

	for (;;) {
		ssize_t n;
		char *start, *nl;

		n = read(rfd, buf + used, sizeof buf - 1 - used);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			fail("read");
		}
		used += (size_t)n;
		buf[used] = '\0';
		/* One read may hold several requests, and a part of the next. */
		start = buf;
		while ((nl = memchr(start, '\n', used - (size_t)(start - buf))) != NULL) {
			long pid, count;
			*nl = '\0';
			if (parse_request(start, &pid, &count) == 0) {
				reply(argv[1], pid, seq);
				seq += count;
			} else {
				fprintf(stderr, "fifo_server: ignoring a malformed request\n");
			}
			start = nl + 1;
		}
		used -= (size_t)(start - buf);
		memmove(buf, start, used);
		if (used == sizeof buf - 1)
			used = 0;	/* a "line" longer than any request: drop it */
	}
}
