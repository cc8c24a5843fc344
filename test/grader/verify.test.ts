// `ipclab verify` checks the cause a known solution declares: its first failing test's report must lead with it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExerciseFile } from '../../harness/spec/load.js';
import { renderVerify, verifyExercise } from '../../grader/verify.js';
import { causeMismatch, knownSolutions, solutionProblems } from '../../grader/solutions.js';
import type { TestResult } from '../../grader/model.js';

const SPEC = `id: ready-once
title: prints ready
programs: [ready]
timeout: 3s
tests:
  - name: says-ready
    title: the program says ready
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
/** Prints ready, then reads stdin to its end; `flush` decides whether ready leaves the stdio buffer before that. */
const program = (flush: boolean) => `#include <stdio.h>
#include <unistd.h>
int main(void) { char b[64]; printf("ready\\n"); ${flush ? 'fflush(stdout);' : ''} while (read(0, b, sizeof b) > 0) {} return 0; }
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ipclab-verify-test-'));
  const ex = join(root, 'exercises', 'ready-once');
  const put = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };
  put(join(ex, 'exercise.yaml'), SPEC);
  put(join(ex, 'solutions', 'correct', 'solution.yaml'), 'fails: []\n');
  put(join(ex, 'solutions', 'correct', 'ready.c'), program(true));
  put(join(ex, 'solutions', 'not-flushed', 'solution.yaml'), 'fails: [says-ready]\ncause: stdout-buffered\n');
  put(join(ex, 'solutions', 'not-flushed', 'ready.c'), program(false));
  put(join(ex, 'solutions', 'wrong-cause', 'solution.yaml'), 'fails: [says-ready]\ncause: write-end-open\n');
  put(join(ex, 'solutions', 'wrong-cause', 'ready.c'), program(false));
  put(join(root, 'reference', 'ready-once', 'ready.c'), program(true));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('verify and declared causes', () => {
  it('confirms the declared cause, and says clearly which test led with which cause when it differs', async () => {
    const ex = loadExerciseFile(join(root, 'exercises', 'ready-once', 'exercise.yaml'));
    const v = await verifyExercise(ex, { runs: 1, catalogue: [ex], reference: join(root, 'reference') });
    const byName = Object.fromEntries(v.solutions.map((s) => [s.solution, s]));
    expect(v.reference.exact).toBe(1);
    expect(byName['not-flushed']).toMatchObject({ exact: 1, cause: { id: 'stdout-buffered', led: 1 }, problems: [] });
    expect(byName['wrong-cause']).toMatchObject({ exact: 0, cause: { id: 'write-end-open', led: 0 } });
    expect(byName['wrong-cause'].problems).toEqual(["run 1: says-ready's report leads with cause stdout-buffered, declared write-end-open"]);
    expect(v.ok).toBe(false);
    const text = renderVerify(v);
    expect(text).toContain('✔ not-flushed: 1/1 runs as declared; caught by says-ready 1/1; led by cause stdout-buffered 1/1');
    expect(text).toContain('✘ wrong-cause: 0/1 runs as declared');
  }, 60000);

  it('a solution.yaml naming an unknown cause or test is one clear line', () => {
    const ex = loadExerciseFile(join(root, 'exercises', 'ready-once', 'exercise.yaml'));
    const bad = join(ex.dir, 'solutions', 'zz-bad');
    mkdirSync(bad);
    try {
      writeFileSync(join(bad, 'solution.yaml'), 'fails: [says-ready]\ncause: flush-missing\n');
      const noDescription = expect.stringMatching(/zz-bad\/solution\.yaml: description: say in a sentence what this solution does \(wrong\)$/);
      expect(solutionProblems(ex).filter((l) => l.includes('zz-bad'))).toEqual([expect.stringMatching(/zz-bad\/solution\.yaml:2:8: cause: unknown cause "flush-missing" \(grader\/causes\.yaml lists stdout-buffered, /), noDescription]);
      expect(() => knownSolutions(ex)).toThrow(/unknown cause "flush-missing"/);
      writeFileSync(join(bad, 'solution.yaml'), 'fails: [says-hello]\n');
      expect(solutionProblems(ex).filter((l) => l.includes('zz-bad'))).toEqual([expect.stringMatching(/zz-bad\/solution\.yaml:1:9: fails\[0\]: no test named "says-hello" in ready-once \(it has says-ready\)$/), noDescription]);
      // validate says what verify would stop at: a declared language with no source of it
      writeFileSync(join(bad, 'solution.yaml'), 'description: x\nfails: [says-ready]\nlanguage: ts\n');
      expect(solutionProblems(ex).filter((l) => l.includes('zz-bad'))).toEqual([expect.stringMatching(/zz-bad\/solution\.yaml: language: ts, but the folder holds no \.ts file$/)]);
      expect(() => knownSolutions(ex)).toThrow(/language: ts, but the folder holds no \.ts file/);
    } finally {
      rmSync(bad, { recursive: true });
    }
  });

  it('takes the result\'s cause, else a failed finding\'s, of the first failing declared test', () => {
    const t = (name: string, over: Partial<TestResult>): TestResult => ({ name, title: name, status: 'failed', points: 0, maxPoints: 1, findings: [], durationMs: 1, hidden: false, detail: 'full', processes: [], ...over });
    const s = { fails: ['b', 'c'], cause: 'lost-updates' };
    expect(causeMismatch(s, [t('a', { cause: 'own-copy' }), t('b', { cause: 'lost-updates' }), t('c', {})])).toBeUndefined(); // a is not declared (racy)
    expect(causeMismatch(s, [t('b', { findings: [{ title: 'x', passed: false, cause: 'lost-updates' }] })])).toBeUndefined();
    expect(causeMismatch(s, [t('b', {}), t('c', { cause: 'lost-updates' })])).toBe("b's report leads with no cause, declared lost-updates");
    expect(causeMismatch({ fails: ['b'] }, [t('b', {})])).toBeUndefined();
  });
});
