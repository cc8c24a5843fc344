// Which graders the attack tests run under here, and why one is left out: a run without the
// sudo grader says so by name (skipped, with the reason), instead of passing for a run with it.
import { graders, sudoSkipped } from './grader.js';

const isRoot = process.getuid?.() === 0;

describe('attack-test graders', () => {
  it('as root: root and a user namespace; otherwise a user namespace only', () => {
    expect(graders.filter((g) => g !== 'sudo')).toEqual(isRoot ? ['root', 'user'] : ['user']);
  });

  (sudoSkipped ? it.skip : it)(`through sudo${sudoSkipped ? ` — left out: ${sudoSkipped}` : ''}`, () => {
    expect(graders).toContain('sudo');
  });
});
