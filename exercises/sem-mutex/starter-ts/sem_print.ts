// sem_print -- print words one character at a time, one line per word,
// holding a System V semaphore (made by sem_init) around each line.
//
// Usage: sem_print <key> <word>...
//
// For each word in turn: P (with SEM_UNDO); print "process <pid>: " and then
// the word one character at a time, flushing after each character and
// sleeping $SEM_PRINT_DELAY_US microseconds (default 1000) between
// characters; then "\n"; then V (with SEM_UNDO).
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length < 2) usage('sem_print <key> <word>...');

// TODO: id = semget(parseKey(args[0]), 1, 0); delay = Number(process.env.SEM_PRINT_DELAY_US ?? 1000).
//       For each word: semop(id, { sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }); printOut
//       `process ${getpid()}: ` then each character with printOut and usleep(delay) between;
//       printOut('\n'); semop with sem_op: 1 and SEM_UNDO.

printErr('sem_print: not implemented\n');
process.exit(1);
