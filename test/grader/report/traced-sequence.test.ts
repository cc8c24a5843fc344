// The sequence diagram of real traced runs: the bundled sample's pipe-copy shows the bytes going
// main → its child → the test's stdout, and its msgq-ping-pong crossed replies show `second`
// receiving the reply the server sent first (for `first`), as arrows in the report's SVG.
import { join } from 'node:path';
import { loadCatalogue } from '../../../harness/spec/load.js';
import { gradeSubmission } from '../../../grader/grade.js';
import { renderHtml } from '../../../grader/report/html.js';
import { packageRoot, settings } from '../../../harness/settings.js';

const sample = join(packageRoot(), 'examples', 'sample-submission');
const arrows = (html: string) => [...html.matchAll(/data-kind="([a-z]+)" data-from="([^"]*)" data-to="([^"]*)"/g)].map((m) => `${m[1]} ${m[2]} → ${m[3]}`);
const traced = (id: string) => loadCatalogue().filter((e) => e.spec.id === id).map((e) => ({ ...e, spec: { ...e.spec, trace: true } }));

(settings().strace ? describe : describe.skip)('traced sequence diagrams', () => {
  it('pipe-copy: stdin to main, a pipe to its child, the child to stdout', async () => {
    const r = await gradeSubmission(sample, { catalogue: traced('pipe-copy'), exercises: ['pipe-copy'], tests: ['mechanism'] });
    const t = r.exercises[0].tests[0];
    expect(t.status).toBe('passed');
    const child = t.sequence!.lanes.find((l) => l.label.includes('child of `main`'))!;
    expect(t.sequence!.traced).toBe(true);
    const svg = arrows(renderHtml(r));
    expect(svg).toEqual(expect.arrayContaining(['stdin test → main', `pipe main → ${child.id}`, `stdout ${child.id} → test`]));
    expect(svg).not.toContain('stdout main → test');
  }, 60_000);

  it('msgq-ping-pong crossed replies: the reply sent first goes to `second`', async () => {
    const r = await gradeSubmission(sample, { catalogue: traced('msgq-ping-pong'), exercises: ['msgq-ping-pong'], tests: ['crossed-replies'] });
    const t = r.exercises[0].tests[0];
    expect(t.status).toBe('failed');
    const replies = t.sequence!.arrows.filter((a) => a.kind === 'message' && a.from === 'server').sort((a, b) => a.startMs - b.startMs);
    expect(replies.map((a) => a.to)).toEqual(['second', 'first']);
    expect(arrows(renderHtml(r))).toEqual(expect.arrayContaining(['message first → server', 'message second → server', 'message server → second', 'message server → first']));
  }, 60_000);
});
