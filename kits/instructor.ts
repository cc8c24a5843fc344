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
}

export function scaffoldExercise(o: NewExerciseOptions): string[] {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(o.id)) throw new Error(`"${o.id}" is not a valid exercise id (lower case letters, digits and dashes)`);
  const dir = resolve(o.catalogue, o.id);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  const schemaFile = resolve(o.catalogue, 'schema.json');
  const schema = relative(dir, schemaFile);
  const [main] = o.programs;
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
      main: { run: [${main}, "\${key}"], stdin: { text: "hello\\n" } }
    checks:
      - exit: { process: main, code: 0 }
      - output: { stream: main, equals: "hello\\n" }
`);
  write(join(dir, 'README.md'), `# ${o.id}

TODO: what to write (${o.programs.map((p) => `\`${p}\``).join(', ')}), the exact output and exit
codes, the calls to use, the pitfalls, and one line per test saying what it checks.
`);
  for (const p of o.programs) {
    write(join(dir, 'starter', `${p}.c`), `#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <key>\\n", argv[0]);
        return 2;
    }
    /* TODO */
    fprintf(stderr, "${p}: not implemented\\n");
    return 1;
}
`);
    write(join(dir, 'solutions', 'correct', `${p}.c`), `/* TODO: a correct solution, written from the contract alone */\n`);
    write(join(resolve(o.reference), o.id, `${p}.ts`), `// Reference for ${o.id}/${p}: real IPC through the bindings ipclab ships.
import { printOut, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('${p} <key>');
// TODO
printOut('hello\\n');
`);
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
