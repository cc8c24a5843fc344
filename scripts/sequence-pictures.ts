// Writes report.html for the hand-made sequences of test/grader/report/sequences.ts (pipe-copy's
// mechanism test, msgq-ping-pong's crossed replies) into a folder, for docs/images screenshots:
// scripts/sequence-screenshots.sh compiles and runs it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from '../grader/report/html.js';
import { RESULT_VERSION, type TestResult } from '../grader/model.js';
import { totalExercise, totalGrade } from '../grader/score.js';
import { crossedRepliesSequence, pipeCopySequence, withSequence } from '../test/grader/report/sequences.js';

const out = process.argv[2] ?? 'sequence-pictures';
const test = (t: Partial<TestResult> & { name: string; title: string; maxPoints: number }): TestResult => ({
  status: 'failed', points: t.status === 'passed' ? t.maxPoints : 0, findings: [], durationMs: 80, hidden: false, detail: 'full', processes: [], ...t,
});
const result = (id: string, t: TestResult) => totalGrade({
  version: RESULT_VERSION, tool: { name: 'ipclab', version: 'docs' }, submission: 'sub', startedAt: '2026-12-02T10:00:00.000Z', durationMs: 100,
  isolation: { mode: 'isolated', description: 'isolated' }, errors: [],
  exercises: [totalExercise({ id, title: id, build: { status: 'built', log: '', missing: {}, durationMs: 100 }, tests: [t] })],
});
const cases = {
  'pipe-copy': result('pipe-copy', test({ ...withSequence('mechanism', pipeCopySequence(), { status: 'passed', reason: undefined }), title: 'while input is held back, the parent writes a pipe, its one child reads it and writes stdout', maxPoints: 3 })),
  'msgq-crossed-replies': result('msgq-ping-pong', test({ ...withSequence('crossed-replies', crossedRepliesSequence()), title: 'each client takes only the reply of its own type, even when replies wait in the queue', maxPoints: 2 })),
};
for (const [name, r] of Object.entries(cases)) {
  mkdirSync(join(out, name), { recursive: true });
  writeFileSync(join(out, name, 'report.html'), renderHtml(r));
}
