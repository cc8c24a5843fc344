/*
 * pager -- copy a file to $PAGER through popen (APUE Program 15.11).
 *
 * Usage: pager <pathname>
 *
 * Copies the file to the shell command line in $PAGER (default "more" when
 * PAGER is unset or empty) through popen(cmd, "w"), then pcloses it.  Exit
 * 0 when the pager's status was 0; otherwise
 * "pager exited with status <n>" on stderr and exit 1.
 *
 * BUG: copies line by line with fgets/fputs, as APUE 15.11 does for text.
 * fputs stops at the first NUL byte of each line, so a file holding NUL
 * bytes reaches the pager with pieces missing.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define MAXLINE 4096

int main(int argc, char *argv[])
{
	char line[MAXLINE];
	FILE *in, *out;
	const char *cmd;
	int status, failed = 0;

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
	signal(SIGPIPE, SIG_IGN);

	if ((out = popen(cmd, "w")) == NULL) {
		perror("popen");
		return 1;
	}
	while (fgets(line, MAXLINE, in) != NULL) {
		if (fputs(line, out) == EOF) {	/* BUG: stops at a NUL */
			if (errno != EPIPE) {
				perror("fputs");
				failed = 1;
			}
			break;
		}
	}
	if (ferror(in)) {
		perror("fgets");
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
