// `ipclab new <id>`: the skeleton of an exercise — spec with the schema modeline, statement,
// starter code, a reference stub and a folder for known solutions — that validates at once.
// It writes into the course's catalogue checkout, where solutions and references stay.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { exercisesDir } from '../harness/spec/load.js';

export interface NewExerciseOptions {
  id: string;
  programs: string[];
  catalogue: string;
  reference: string;
  /** The IPC the exercise is about: what its programs are given and what the first test checks. */
  kind?: ExerciseKind;
}

/** A kind's shape: the argument each program takes (none for a pipe), and the first test's extra check. */
interface KindShape { arg?: { value: string; usage: string }; check?: string; calls: string }

const KINDS = {
  pipe: { calls: 'pipe(), fork(), dup2(), waitpid()' },
  fifo: { arg: { value: '${dir}/fifo', usage: '<fifo-path>' }, check: 'files: { absent: ["${dir}/fifo"] }', calls: 'mkfifo(), open(), unlink()' },
  sysv: { arg: { value: '${key}', usage: '<key>' }, check: 'sysv: { type: msg, key: "${key}", absent: true }', calls: 'msgget(), msgsnd(), msgrcv(), msgctl(IPC_RMID)' },
  posix: { arg: { value: '${name}', usage: '<name>' }, check: 'posix: { type: mq, name: "${name}", absent: true }', calls: 'mq_open(), mq_send(), mq_receive(), mq_unlink()' },
  mmap: { arg: { value: '${dir}/shared.dat', usage: '<file>' }, calls: 'open(), ftruncate(), mmap(MAP_SHARED), munmap()' },
} satisfies Record<string, KindShape>;

export type ExerciseKind = keyof typeof KINDS;
export const EXERCISE_KINDS = Object.keys(KINDS) as ExerciseKind[];

export function scaffoldExercise(o: NewExerciseOptions): string[] {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(o.id)) throw new Error(`"${o.id}" is not a valid exercise id (lower case letters, digits and dashes)`);
  const dir = resolve(o.catalogue, o.id);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  const schemaFile = resolve(o.catalogue, 'schema.json');
  const schema = relative(dir, schemaFile);
  const [main] = o.programs;
  const shape: KindShape = KINDS[o.kind ?? 'sysv'];
  const argv = [main, ...(shape.arg ? [`"${shape.arg.value}"`] : [])].join(', ');
  const created: string[] = [];
  const write = (path: string, content: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    created.push(path);
  };
  write(join(dir, 'exercise.yaml'), `# yaml-language-server: $schema=${schema}
id: ${o.id}
title: TODO a one-line title students read
programs: [${o.programs.join(', ')}]
timeout: 10s
tests:
  - name: first
    title: TODO what this test shows, in a student's words
    points: 1
    processes:
      main: { run: [${argv}], stdin: { text: "hello\\n" } }
    checks:
      - exit: { process: main, code: 0 }
      - output: { stream: main, equals: "hello\\n" }
${shape.check ? `      - ${shape.check}\n` : ''}`);
  write(join(dir, 'README.md'), `# ${o.id}

TODO: what to write (${o.programs.map((p) => `\`${p}\``).join(', ')}), the exact output and exit
codes, the calls to use (${shape.calls}), the pitfalls, and one line per test saying what it checks.
`);
  for (const p of o.programs) {
    write(join(dir, 'starter', `${p}.c`), starter(p, shape));
    write(join(dir, 'solutions', 'correct', `${p}.c`), `/* TODO: a correct solution, written from the contract alone */\n`);
    write(join(resolve(o.reference), o.id, `${p}.ts`), reference(o.id, p, shape));
  }
  // a new catalogue (a course's own repository) gets the schema its modelines point at
  if (!existsSync(schemaFile)) {
    copyFileSync(join(exercisesDir(), 'schema.json'), schemaFile);
    created.push(schemaFile);
  }
  write(join(dir, 'starter', 'Makefile'), `CFLAGS = -std=gnu11 -Wall -Wextra -O2
LDLIBS = -lrt -pthread
PROGRAMS = ${o.programs.join(' ')}

all: $(PROGRAMS)

clean:
\trm -f $(PROGRAMS)

.PHONY: all clean
`);
  write(join(dir, 'solutions', 'correct', 'solution.yaml'), 'description: the correct solution\nfails: []\n');
  write(join(dir, 'solutions', 'README.md'), `Known solutions: one folder each, with the sources and a solution.yaml:

    description: what is wrong with it
    fails: [tests it must fail in every run]
    may_fail: [tests it fails only sometimes]   # say why in a comment

\`ipclab verify ${o.id}\` runs the reference and each of these 20 times.
`);
  return created;
}

/** The C starter: the argument check of its kind (none for a pipe), then a TODO. */
function starter(p: string, shape: KindShape): string {
  const args = shape.arg
    ? `int main(int argc, char *argv[])
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s ${shape.arg.usage}\\n", argv[0]);
        return 2;
    }
`
    : `int main(void)
{
`;
  return `#include <stdio.h>
#include <stdlib.h>

${args}    /* TODO: ${shape.calls} */
    fprintf(stderr, "${p}: not implemented\\n");
    return 1;
}
`;
}

/** The TypeScript reference stub, through the bindings ipclab ships. */
function reference(id: string, p: string, shape: KindShape): string {
  const check = shape.arg ? `\nconst args = process.argv.slice(2);\nif (args.length !== 1) usage('${p} ${shape.arg.usage}');` : '';
  return `// Reference for ${id}/${p}: real IPC through the bindings ipclab ships.
import { printOut${shape.arg ? ', usage' : ''} } from 'ipclab/ipc';
${check}
// TODO: ${shape.calls}
printOut('hello\\n');
`;
}
