import { checkFiles } from '../../../grader/checks/files.js';
import { context } from './observations.js';

describe('files check', () => {
  const ctx = context({
    vars: { dir: '/w', fifo: '/w/srv.fifo' },
    workFiles: [{ name: 'srv.fifo', type: 'fifo', size: 0 }, { name: 'client.1.fifo', type: 'fifo', size: 0 }, { name: 'log', type: 'file', size: 3 }],
  });

  it('absent: names what was left in the working directory, by glob', () => {
    expect(checkFiles({ absent: ['client.*.fifo'] }, ctx)).toEqual([{ title: 'client.*.fifo is removed', passed: false, rationale: 'the FIFO client.1.fifo was left in the working directory' }]);
    expect(checkFiles({ absent: ['nothing-*'] }, ctx)).toEqual([{ title: 'nothing-* is removed', passed: true }]);
  });

  it('present: paths under ${dir} are shown relative to it', () => {
    expect(checkFiles({ present: ['${fifo}', 'missing'] }, ctx)).toEqual([
      { title: 'srv.fifo exists', passed: true },
      { title: 'missing exists', passed: false, rationale: 'missing is not in the working directory' },
    ]);
  });

  it('a glob is matched whole, with RE2, against names the student chose', () => {
    expect(checkFiles({ present: ['lo?'] }, ctx)[0].passed).toBe(true);
    expect(checkFiles({ present: ['lo'] }, ctx)[0].passed).toBe(false);
  });
});
