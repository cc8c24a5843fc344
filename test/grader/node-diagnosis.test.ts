// How a stuck Node program is described: by its program, its event loop as such, and a signal that
// arrived while it sat in a synchronous call said so (reasoned from the timeline: sent at t, blocked in
// that call since before t, still there). Real processes: a small TypeScript waiter (test/fixtures/node-waits).
import { join } from 'node:path';
import { gradeSubmission } from '../../grader/grade.js';
import { packageRoot } from '../../harness/settings.js';
import { loadCatalogue } from '../../harness/spec/load.js';

const fixture = join(packageRoot(), 'test/fixtures/node-waits');
const catalogue = loadCatalogue(join(fixture, 'exercises'));

async function gradeOne(test: string) {
  const r = await gradeSubmission(join(fixture, 'subs/blocking'), { exercises: ['node-waits'], tests: [test], catalogue });
  const t = r.exercises[0].tests[0];
  expect(t.status).toBe('failed');
  return t;
}

describe('diagnosis of Node programs', () => {
  it('a SIGTERM sent while the program sat in a synchronous read() is said to have never been handled', async () => {
    const t = await gradeOne('sync-read');
    expect(t.diagnosis).toMatch(/the test sent SIGTERM while `main` was blocked in a synchronous read\(\): a Node handler runs only when the event loop does, so it never ran; `main` \(pid \d+\) is blocked in read\(\) on its standard input/);
  }, 120000);

  it('a parent waiting for its child is waiting in its event loop; the child is named by its program', async () => {
    const t = await gradeOne('event-loop');
    expect(t.diagnosis).toMatch(/`main` \(pid \d+\) is waiting in its event loop/);
    expect(t.diagnosis).toMatch(/`waiter` \(pid \d+, a child of main\) is blocked in read\(\) on its standard input/);
    expect(t.diagnosis).not.toMatch(/epoll|`node`|synchronous/);
  }, 120000);
});
