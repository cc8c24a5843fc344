/*
 * pager -- copy a file to $PAGER through popen (APUE Program 15.11).
 *
 * Usage: pager <pathname>
 *
 * Copies the file, byte for byte (NUL included), to the shell command line
 * in $PAGER (default "more" when PAGER is unset or empty) through
 * popen(cmd, "w"), then pcloses it.  Exit 0 when the pager's status was 0,
 * even if it quit before reading everything; otherwise
 * "pager exited with status <n>" on stderr (n: the exit status, or 128 + the
 * signal number) and exit 1.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define BUFSIZE 65536

int main(int argc, char *argv[])
{
	static char buf[BUFSIZE];
	FILE *in, *out;
	const char *cmd;
	int status, failed = 0;
	size_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: pager <pathname>\n");
		return 2;
	}
	if ((in = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "can't open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	cmd = getenv("PAGER");
	if (cmd == NULL || *cmd == '\0')
		cmd = "more";

	/*
	 * A pager that quits early (the user typed q) closes the pipe: our next
	 * write must fail with EPIPE, not kill us.
	 */
	signal(SIGPIPE, SIG_IGN);

	if ((out = popen(cmd, "w")) == NULL) {
		perror("popen");
		return 1;
	}
	/*
	 * Flush each chunk: pclose() flushes what is left in the stream's
	 * buffer, and when that last write fails (the pager has gone) glibc's
	 * pclose returns -1 and the pager's status is lost.  After a failed
	 * write stdio has dropped its buffer, so stopping there is safe.
	 */
	while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
		if (fwrite(buf, 1, n, out) != n || fflush(out) == EOF) {
			if (errno != EPIPE) {
				perror("write");
				failed = 1;
			}
			break;		/* EPIPE: the pager has gone; its status says how */
		}
	}
	if (ferror(in)) {
		perror("read");
		failed = 1;
	}
	fclose(in);

	if ((status = pclose(out)) == -1) {
		perror("pclose");
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return failed;
	fprintf(stderr, "pager exited with status %d\n",
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 1;
}
