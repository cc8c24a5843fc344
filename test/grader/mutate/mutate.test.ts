// `ipclab verify --mutate` end to end: real mutants built and graded, the score, a survivor's
// diff, a declared equivalent, the cache, --save; and on a catalogue exercise through the CLI.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { loadExerciseFile } from '../../../harness/spec/load.js';
import { packageRoot } from '../../../harness/settings.js';
import { mutateExercise } from '../../../grader/mutate/run.js';
import { renderMutation } from '../../../grader/mutate/render.js';
import { saveSurvivors } from '../../../grader/mutate/save.js';

const SPEC = `id: ready-mut
title: prints ready
programs: [ready]
timeout: 3s
tests:
  - name: says-ready
    title: the program says ready while its input is held back
    points: 1
    processes:
      main: { run: [ready], stdin: { text: "", hold_from: 0 } }
    script:
      - start: main
      - wait: { output: { stream: main, line: ready } }
        timeout: 1s
      - send: { process: main, close: true }
    checks:
      - exit: { process: main, code: 0 }
`;
// two mutants under delete-call: no fflush (killed: ready stays in the buffer), no close(0) (survives)
const READY = `#include <stdio.h>
#include <unistd.h>
int main(void)
{
	char b[64];
	printf("ready\\n");
	fflush(stdout);
	while (read(0, b, sizeof b) > 0)
		;
	close(0);
	return 0;
}
`;

let root: string;
let exDir: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ipclab-mutate-test-'));
  exDir = join(root, 'exercises', 'ready-mut');
  mkdirSync(join(exDir, 'solutions', 'correct'), { recursive: true });
  writeFileSync(join(exDir, 'exercise.yaml'), SPEC);
  writeFileSync(join(exDir, 'solutions', 'correct', 'ready.c'), READY);
  writeFileSync(join(exDir, 'solutions', 'correct', 'solution.yaml'), 'fails: []\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('verify --mutate', () => {
  it('kills the mutant a test catches, shows the survivor as a diff, then skips it once declared equivalent, from the cache', async () => {
    const ex = loadExerciseFile(join(exDir, 'exercise.yaml'));
    const cache = join(root, 'cache');
    const first = await mutateExercise(ex, { catalogue: [ex], operators: ['delete-call'], cache });
    const by = Object.fromEntries(first.results.map((r) => [r.mutant.what, r]));
    expect(Object.keys(by).sort()).toEqual(['delete close(0)', 'delete fflush(stdout)']);
    expect(by['delete fflush(stdout)'].outcome).toEqual({ status: 'killed', by: 'says-ready' });
    expect(by['delete close(0)'].outcome).toEqual({ status: 'survived' });
    expect(first.score).toBe(0.5);
    const text = renderMutation(first);
    const survivor = by['delete close(0)'].mutant;
    expect(text).toContain('ready-mut: mutation score 50% (1 killed of 2 compiled; 0 did not compile; 0 declared equivalent)');
    expect(text).toContain(`✘ survived ${survivor.key} (ready.c:10, delete-call: delete close(0))`);
    expect(text).toContain('      -\tclose(0);\n      +\t;');

    const saved = saveSurvivors(ex, [survivor], 'no-close');
    expect(saved).toEqual([join(exDir, 'solutions', 'no-close')]);
    expect(readFileSync(join(saved[0], 'ready.c'), 'utf8')).toBe(READY.replace('close(0);', ';'));
    expect(readFileSync(join(saved[0], 'solution.yaml'), 'utf8')).toContain(`Candidate from mutant ${survivor.key}`);
    rmSync(saved[0], { recursive: true });

    writeFileSync(join(exDir, 'solutions', 'correct', 'solution.yaml'), `fails: []\nequivalent_mutants:\n  - mutant: ${survivor.key}\n    reason: exit closes fd 0 anyway\n  - mutant: delete-call:ready.c:00000000\n    reason: stale\n`);
    const second = await mutateExercise(ex, { catalogue: [ex], operators: ['delete-call'], cache });
    const again = Object.fromEntries(second.results.map((r) => [r.mutant.what, r]));
    expect(again['delete close(0)'].outcome).toEqual({ status: 'equivalent', reason: 'exit closes fd 0 anyway' });
    expect(again['delete fflush(stdout)']).toMatchObject({ cached: true, outcome: { status: 'killed', by: 'says-ready' } });
    expect(second.score).toBe(1);
    expect(second.unmatched).toEqual(['delete-call:ready.c:00000000']);
    expect(renderMutation(second)).toContain('! declared equivalent delete-call:ready.c:00000000 matches no mutant');
    expect(readdirSync(cache)).toHaveLength(2); // each graded mutant once, by its hash
  }, 60000);

  it('scores a catalogue exercise through the CLI: msgrcv of any type is caught by the crossed replies', async () => {
    const cli = join(packageRoot(), 'dist', 'bin', 'ipclab.js');
    const r = await execa('node', [cli, 'verify', '--mutate', '--operator', 'msgrcv-type-zero', '--no-cache', 'msgq-ping-pong'], { reject: false, env: { TMPDIR: tmpdir() } });
    expect(r.stdout).toMatch(/^msgq-ping-pong: mutation score 100% \(2 killed of 2 compiled; 0 did not compile; 0 declared equivalent\) in [\d.]+ s$/m);
    expect(r.stdout).toMatch(/killed by: .*(crossed-replies|ten-clients)/);
    expect(r.exitCode).toBe(0);
  }, 60000);

  it('names an unknown operator in one line, exit 2', async () => {
    const cli = join(packageRoot(), 'dist', 'bin', 'ipclab.js');
    const r = await execa('node', [cli, 'verify', '--mutate', '--operator', 'delete-call,delete-everything', 'pipe-copy'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('ipclab: no mutation operator delete-everything (known: delete-call, drop-flag, map-private, msgrcv-type-zero, remove-pv-pair, swap-ipc-calls)');
    expect(existsSync(join(exDir, 'solutions', 'no-close'))).toBe(false);
  });
});
