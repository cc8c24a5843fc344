import { checkBlocked } from '../../../grader/checks/blocked.js';
import { context, inventory, proc, processState } from './observations.js';

describe('blocked check', () => {
  const at = (state: ReturnType<typeof processState>) => context({ processes: [proc('srv')], samples: { s: inventory({ processes: [state] }) } });

  it('passes when the sample saw the process asleep in that call', () => {
    expect(checkBlocked({ process: 'srv', call: 'msgrcv', sample: 's' }, at(processState(100, { syscall: { nr: 70, name: 'msgrcv', args: [] } }))))
      .toEqual([{ title: 'at the moment the test looked, `srv` is blocked in msgrcv()', passed: true }]);
  });

  it('says what the process was doing instead', () => {
    const [f] = checkBlocked({ process: 'srv', call: 'msgrcv', sample: 's' }, at(processState(100, { syscall: { nr: 0, name: 'read', args: [] } })));
    expect(f).toMatchObject({ passed: false, expected: 'blocked in msgrcv()', actual: 'blocked in read()', rationale: '`srv` was blocked in read() at the moment the test looked, not blocked in msgrcv()' });
    expect(checkBlocked({ process: 'srv', call: 'msgrcv', sample: 's' }, at(processState(100, { state: 'R', running: true })))[0].actual).toBe('running');
  });

  it('fails when the process was not running at the sample', () => {
    expect(checkBlocked({ process: 'srv', call: 'read', sample: 's' }, at(processState(999)))[0].rationale).toBe('`srv` had already exited (status 0) at the moment the test looked');
  });
});
