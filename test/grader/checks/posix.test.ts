import { checkPosix } from '../../../grader/checks/posix.js';
import { context, inventory } from './observations.js';

describe('posix check', () => {
  const ctx = context({ vars: { dir: '/w', name: '/q1' }, final: inventory({ posix: [{ kind: 'mq', name: '/q1', size: 0, uid: 1, mode: 0o600 }] }) });

  it('exists / is gone, by the name the run chose', () => {
    expect(checkPosix({ type: 'mq', name: '${name}' }, ctx)).toEqual([{ title: 'at the end of the test, the POSIX message queue /q1 exists', passed: true }]);
    expect(checkPosix({ type: 'mq', name: '${name}', absent: true }, ctx)[0]).toEqual({
      title: 'at the end of the test, the POSIX message queue /q1 is gone', passed: false, rationale: 'the POSIX message queue /q1 still exists at the end of the test',
    });
  });

  it('the kind matters: a queue is not a semaphore', () => {
    expect(checkPosix({ type: 'sem', name: '/q1' }, ctx)[0].rationale).toBe('the POSIX semaphore /q1 does not exist at the end of the test');
  });
});
