// The known hanging solutions get a diagnosis that names the blocked call, the object, and who
// holds the other end — the words a student reads.
import { loadCatalogue } from '../../harness/spec/load.js';
import { gradeSubmission } from '../../grader/grade.js';
import { asSubmission, knownSolutions } from '../../grader/solutions.js';

const catalogue = loadCatalogue();
const solution = (exercise: string, name: string) => catalogue.filter((e) => e.spec.id === exercise).flatMap(knownSolutions).find((s) => s.name === name)!;

async function diagnosisOf(exercise: string, name: string, test: string): Promise<string> {
  const sub = asSubmission(solution(exercise, name));
  try {
    const r = await gradeSubmission(sub.dir, { exercises: [exercise], tests: [test], catalogue });
    const t = r.exercises[0].tests[0];
    expect(t.status).toBe('failed');
    // a hint that names the cause leads (TestResult.lead) and is then not among the hints
    return `${t.lead ?? ''}\n${t.reason}\n${t.diagnosis}\n${(t.hints ?? []).join('\n')}`;
  } finally {
    sub.remove();
  }
}

describe('diagnosis of the known hanging solutions', () => {
  it('pipe-copy write-end-open: the child reads a pipe whose write end it holds itself', async () => {
    const d = await diagnosisOf('pipe-copy', 'write-end-open', 'short-line');
    expect(d).toMatch(/`main` \(pid \d+\) is blocked in wait4\(\) waiting for a child to exit/);
    expect(d).toMatch(/`pipe_copy` \(pid \d+, a child of main\) is blocked in read\(\) on a pipe \(empty\) whose write end is still open in itself \(fd \d+\) — it can never see end of file/);
  }, 60000);

  it('popen-filter lower-unflushed: the prompter waits on the pipe from lower, lower waits on its stdin', async () => {
    const d = await diagnosisOf('popen-filter', 'lower-unflushed', 'hello-world');
    // the test names the prompter process `p`
    expect(d).toMatch(/`p` \(pid \d+\) is blocked in read\(\) on a pipe \(empty\) whose write end is still open in [^;]*`lower` \(pid \d+/);
    expect(d).toMatch(/`lower` \(pid \d+, a child of sh\) is blocked in read\(\) on its standard input, a pipe \(empty\) whose write end only the test holds/);
    expect(d).toMatch(/fflush/);
  }, 60000);

  it('sem-mutex no-undo: the others wait in semop on the set the killed process held', async () => {
    const d = await diagnosisOf('sem-mutex', 'no-undo', 'killed-holder');
    expect(d).toMatch(/is blocked in semtimedop\(\) on semaphore set key 0x[0-9a-f]{8} \(values 0; waiting: 3\)/);
  }, 60000);
});
