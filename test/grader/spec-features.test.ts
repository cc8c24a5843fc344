// Spec features with real processes: a test's `replace:` (a helper first on PATH under a student
// program's name), the exit_order check over a process the student forked, waits and hints that
// name such a process by program and parentage.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeSubmission } from '../../grader/grade.js';
import { loadExerciseFile, SpecErrors } from '../../harness/spec/load.js';

// boss forks, its child execs `worker` found on PATH; boss waits for it unless given an argument
const BOSS = `#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char *argv[]) {
  (void)argv;
  pid_t p = fork();
  if (p == 0) { execlp("worker", "worker", (char *)NULL); _exit(127); }
  if (argc > 1) { usleep(300000); return 0; } /* long enough for the test to see its child */
  int st;
  if (waitpid(p, &st, 0) < 0) return 1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
`;
// worker reads its stdin (the boss's) to end of file, then says who it is
const WORKER = `#include <stdio.h>
int main(void) { while (getchar() != EOF) ; puts("real worker"); return 0; }
`;

const SPEC = `id: feat
title: spec features
programs: [boss, worker]
timeout: 5s
hints:
  - when: { blocked: { process: "worker child of main", call: read }, timeout: true }
    text: "the forked worker waits in read"
  - when: { exit: { process: worker, code: 0 }, test: order-nowait }
    text: "the orphaned worker ended by itself"
tests:
  - name: real
    title: the real worker
    points: 1
    processes:
      main: { run: [boss], stdin: { text: "" } }
    checks:
      - output: { stream: main, equals: "real worker\\n" }
  - name: replaced
    title: a stand-in worker
    points: 1
    replace: { worker: stand-in }
    processes:
      main: { run: [boss], stdin: { text: "" } }
    checks:
      - output: { stream: main, equals: "stand-in\\n" }
  - name: order
    title: the worker exits before the boss
    points: 1
    processes:
      main: { run: [boss] }
    script:
      - start: main
      - wait: { blocked: { process: worker, call: read } }
        timeout: 3s
      - sample: working
      - send: { process: main, close: true }
      - wait: { exited: main }
        timeout: 3s
    checks:
      - children: { process: main, count: 1, program: worker, sample: working }
      - exit_order: { first: "worker child of main", then: main }
  - name: order-nowait
    title: the boss does not wait
    points: 1
    cleanup: false
    processes:
      main: { run: [boss, nowait] }
    script:
      - start: main
      # by program: the same process as "worker child of main" while the boss lives
      - wait: { blocked: { process: worker, call: read } }
        timeout: 3s
      - sample: working
      - wait: { exited: main }
        timeout: 3s
      - send: { process: main, close: true }
    checks:
      - exit_order: { first: worker, then: main }
  - name: stuck
    title: the worker never gets end of file
    points: 1
    timeout: 2s
    processes:
      main: { run: [boss] }
    script:
      - start: main
      - send: { process: main, text: "x" }
      - wait: { exited: main }
    checks:
      - exit: { process: main, code: 0 }
  - name: forked-exit
    title: the forked worker exits 0, and the test waits for its exit
    points: 1
    trace: true
    processes:
      main: { run: [boss] }
    script:
      - start: main
      - wait: { blocked: { process: worker, call: read } }
        timeout: 3s
      - send: { process: main, close: true }
      - wait: { exited: "worker child of main" }
        timeout: 3s
    checks:
      - exit: { process: "worker child of main", code: 0 }
  - name: forked-exit-bad
    title: a stand-in worker that fails at once
    points: 1
    trace: true
    replace: { worker: quitter }
    processes:
      main: { run: [boss], stdin: { text: "" } }
    checks:
      - exit: { process: "worker child of main", code: 0 }
      - exit: { process: main, code: 3 }
`;

describe('spec features over processes the student forks', () => {
  let scratch: string;
  let ex: string;
  let sub: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ipclab-spec-features-'));
    ex = join(scratch, 'feat');
    mkdirSync(join(ex, 'helpers'), { recursive: true });
    writeFileSync(join(ex, 'exercise.yaml'), SPEC);
    writeFileSync(join(ex, 'helpers', 'stand-in'), '#!/bin/sh\nwhile read -r l; do :; done\necho stand-in\n', { mode: 0o755 });
    writeFileSync(join(ex, 'helpers', 'quitter.c'), 'int main(void) { return 3; }\n');
    sub = join(scratch, 'sub');
    mkdirSync(join(sub, 'feat'), { recursive: true });
    writeFileSync(join(sub, 'feat', 'boss.c'), BOSS);
    writeFileSync(join(sub, 'feat', 'worker.c'), WORKER);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('replace: only the test that asks runs the helper in the student program\'s place; exit_order and waits find the forked worker; a hint names it', async () => {
    const catalogue = [loadExerciseFile(join(ex, 'exercise.yaml'))];
    const r = await gradeSubmission(sub, { exercises: ['feat'], catalogue });
    const t = Object.fromEntries(r.exercises[0].tests.map((x) => [x.name, x]));
    expect(t.real.status).toBe('passed');
    expect(t.replaced.status).toBe('passed');
    expect(t.order.status).toBe('passed');
    expect(t['order-nowait'].status).toBe('failed');
    const why = t['order-nowait'].findings.find((f) => !f.passed)!;
    expect(why.title).toBe('`worker` exits before `main`');
    expect(why.rationale).toMatch(/^`worker` \(pid \d+(, the child of `main`)?\) (exited \d+ ms after `main`|was still running when the test ended, after `main` had exited)$/);
    expect(t.stuck.status).toBe('failed');
    expect(t.stuck.hints).toContain('the forked worker waits in read');
    // the worker outlived the boss; the init reaped it and saw it exit 0
    expect(t['order-nowait'].hints).toContain('the orphaned worker ended by itself');
    // traced: the boss reaped its worker, whose status only the trace shows
    expect(t['forked-exit'].status).toBe('passed');
    expect(t['forked-exit'].findings.map((f) => f.title)).toContain('`worker`, a child of `main`, exits with status 0');
    expect(t['forked-exit-bad'].status).toBe('failed');
    const bad = t['forked-exit-bad'].findings;
    expect(bad.map((f) => f.passed)).toEqual([false, true, true]);
    expect(bad[0].rationale).toMatch(/^expected `worker` \(pid \d+, the child of `main`\) to exit with status 0, but it exited with status 3$/);
  }, 120000);

  it('load: replace names a program of the exercise and one of its helpers', () => {
    const bad = join(scratch, 'bad');
    mkdirSync(join(bad, 'helpers'), { recursive: true });
    writeFileSync(join(bad, 'helpers', 'stand-in'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(bad, 'helpers', 'quitter.c'), 'int main(void) { return 3; }\n');
    writeFileSync(join(bad, 'exercise.yaml'), SPEC.replace('replace: { worker: stand-in }', 'replace: { wroker: stand-in, boss: nosuch }'));
    let err: unknown;
    try {
      loadExerciseFile(join(bad, 'exercise.yaml'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecErrors);
    const messages = (err as SpecErrors).errors.map((e) => `${e.line}: ${e.message}`);
    expect(messages).toEqual([
      '21: "wroker" is not a program of this exercise (programs: boss, worker): only a student program can be replaced',
      '21: no helper named "nosuch" (helpers/nosuch or helpers/nosuch.c); the exercise\'s helpers: quitter, stand-in',
    ]);
  });

  it('load: forked processes named in waits, exit checks and hints must exist, with the nearest name; a forked exit check needs a trace', () => {
    const bad = join(scratch, 'bad-forked');
    mkdirSync(join(bad, 'helpers'), { recursive: true });
    writeFileSync(join(bad, 'helpers', 'stand-in'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(bad, 'helpers', 'quitter.c'), 'int main(void) { return 3; }\n');
    const yaml = SPEC
      .replace('{ exited: "worker child of main" }', '{ exited: wroker }')
      .replace('{ exit: { process: worker, code: 0 }, test: order-nowait }', '{ exit: { process: wroker, code: 0 }, test: [order-nowiat] }')
      .replace('    trace: true\n    replace: { worker: quitter }', '    replace: { worker: quitter }');
    writeFileSync(join(bad, 'exercise.yaml'), yaml);
    let err: unknown;
    try {
      loadExerciseFile(join(bad, 'exercise.yaml'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecErrors);
    const messages = (err as SpecErrors).errors.map((e) => `${e.line}: ${e.message}`);
    expect(messages).toEqual([
      '8: no process or program named "wroker" in any test (processes: main; programs: boss, worker, quitter, stand-in, sh); did you mean "worker"?',
      '8: no test named "order-nowiat"; did you mean "order-nowait"?',
      '82: no process or program named "wroker" in this test (processes: main; programs: boss, worker, quitter, stand-in, sh); did you mean "worker"?',
      '93: an `exit` check on "worker child of main", a process the student\'s program starts, needs the test (or the exercise) to say `trace: true`: only a trace shows how a process ended that its parent waited for',
    ]);
  });
});
