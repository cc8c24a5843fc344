// A grade records what a regrade or an appeal needs: ipclab's version, the Node that ran it, the
// isolation, the bounds in force and the sha256 of each spec graded — in the result, and in each
// student's result.json of a batch.
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeSubmission, toolVersion } from '../../grader/grade.js';
import { gradeBatch } from '../../grader/batch.js';
import { isolation } from '../../harness/isolate/mode.js';
import { packageRoot } from '../../harness/settings.js';
import { loadCatalogue } from '../../harness/spec/load.js';
import type { GradeResult } from '../../grader/model.js';

const sample = join(packageRoot(), 'examples', 'sample-submission');
const specFile = join(packageRoot(), 'exercises', 'pipe-copy', 'exercise.yaml');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectProvenance(r: GradeResult): void {
  const iso = isolation();
  expect(r.tool.version).toBe(toolVersion());
  expect(r.isolation).toMatchObject({ mode: iso.mode, kind: iso.kind, description: iso.description });
  expect(r.provenance?.node).toBe(process.version);
  expect(r.provenance?.specs).toEqual([{ exercise: 'pipe-copy', sha256: sha256(specFile) }]);
  // the per-process limits, and what each run reported of its process cap
  expect(r.provenance?.bounds).toEqual(expect.arrayContaining([expect.stringMatching(/^per process: CPU time, address space/), expect.stringMatching(/^processes: /), expect.stringMatching(/^memory: /), expect.stringMatching(/^disk: /), expect.stringMatching(/^System V limits: /)]));
}

describe('provenance of a grade', () => {
  it('records version, Node, isolation, bounds and the spec hash', async () => {
    const r = await gradeSubmission(sample, { exercises: ['pipe-copy'], tests: ['short-line'] });
    expectProvenance(r);
    expect(r.isolation.missing).toBeUndefined(); // isolated: nothing missing
  }, 60_000);

  it('a changed spec has another hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-provenance-'));
    try {
      cpSync(join(packageRoot(), 'exercises', 'pipe-copy'), join(dir, 'pipe-copy'), { recursive: true, filter: (p) => !p.includes('/solutions') });
      const spec = join(dir, 'pipe-copy', 'exercise.yaml');
      cpSync(specFile, spec);
      appendFileSync(spec, '# changed\n');
      const r = await gradeSubmission(sample, { exercises: ['pipe-copy'], tests: ['short-line'], catalogue: loadCatalogue(dir) });
      expect(r.provenance?.specs).toEqual([{ exercise: 'pipe-copy', sha256: sha256(spec) }]);
      expect(r.provenance?.specs[0].sha256).not.toBe(sha256(specFile));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("is in each student's result.json of a batch", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-provenance-'));
    try {
      const cls = join(dir, 'class');
      mkdirSync(cls, { recursive: true });
      cpSync(sample, join(cls, 'ann'), { recursive: true });
      await gradeBatch(cls, { jobs: 1, out: join(dir, 'out'), grade: { catalogue: loadCatalogue(), exercises: ['pipe-copy'], tests: ['short-line'] } });
      expectProvenance(JSON.parse(readFileSync(join(dir, 'out', 'students', 'ann', 'result.json'), 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
