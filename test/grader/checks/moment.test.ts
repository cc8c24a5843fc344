// A sample's moment in what happened before it, never by its id.
import { moment } from '../../../grader/checks/moment.js';
import { testSpec } from './observations.js';

const spec = (script: NonNullable<ReturnType<typeof testSpec>['script']>) => ({ ...testSpec({ main: {} }), script });

describe('moment', () => {
  it('the last wait before the sample, said as done', () => {
    expect(moment(spec([{ start: 'main' }, { wait: { output: { stream: 'helper', line: 'held' } } }, { sample: 'mid' }]), 'mid'))
      .toBe('when the test looked, once `helper` printed the line "held"');
    expect(moment(spec([{ wait: { stopped: 'main' } }, { wait: { blocked: { process: 'child of main', call: 'read' } } }, { signal: { process: 'main', signal: 'STOP' } }, { sample: 'mid' }]), 'mid'))
      .toBe('when the test looked, once the child of `main` was blocked in read()');
  });

  it('no wait before it (or no such step): the moment the test looked, never the id', () => {
    expect(moment(spec([{ start: 'main' }, { sample: 'mid' }]), 'mid')).toBe('at the moment the test looked');
    expect(moment(testSpec(), 'mid')).toBe('at the moment the test looked');
  });
});
