// Temp folders (made by tmp-promise) and their removal: by their owner, on a signal, at exit.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { dir, type DirectoryResult } from 'tmp-promise';
import { packageRoot } from '../../harness/settings.js';
import { releaseTempFolder, tempFolder, tmpSafe } from '../../harness/interrupt.js';

const INTERRUPT = join(packageRoot(), 'dist', 'harness', 'interrupt.js');

let parent: DirectoryResult;
beforeEach(async () => {
  parent = await dir({ prefix: 'interrupt-test-', unsafeCleanup: true });
});
afterEach(() => parent.cleanup());

describe('tempFolder', () => {
  it('makes a private folder named as mkdtemp would, and its owner removes it with what it holds', () => {
    const made = tempFolder('ipclab-t-', { parent: parent.path });
    expect(basename(made)).toMatch(/^ipclab-t-[A-Za-z0-9]{6}$/);
    expect(statSync(made).mode & 0o777).toBe(0o700);
    writeFileSync(join(made, 'f'), 'x');
    releaseTempFolder(made);
    expect(existsSync(made)).toBe(false);
    expect(() => releaseTempFolder(made)).not.toThrow(); // gone already is removed
  });

  it('removes a folder with its own remover through that remover only', () => {
    const removed: string[] = [];
    const made = tempFolder('ipclab-t-', { parent: parent.path, remove: (d) => removed.push(d) });
    releaseTempFolder(made);
    expect(removed).toEqual([made]);
    expect(existsSync(made)).toBe(true); // the remover chose to keep it
  });

  it('keeps a prefix that tmp would refuse or fill in as a plain name', () => {
    expect(tmpSafe('.r..json.ipclab-')).toBe('.r_.json.ipclab-');
    expect(tmpSafe('aXXXXXXb-X')).toBe('a_XXXXXb-_');
    const made = tempFolder('.r..XXXXXX.', { parent: parent.path });
    expect(basename(made)).toMatch(/^\.r_\._XXXXX\.[A-Za-z0-9]{6}$/);
    releaseTempFolder(made);
  });
});

/** A Node process that makes two folders (one with its own remover), prints them and waits or exits. */
function child(then: 'wait' | 'exit') {
  const script = `
    import { exitOnSignals, tempFolder } from ${JSON.stringify(INTERRUPT)};
    import { rmSync, writeFileSync } from 'node:fs';
    exitOnSignals();
    const a = tempFolder('ipclab-a-', { parent: ${JSON.stringify(parent.path)} });
    const b = tempFolder('ipclab-b-', { parent: ${JSON.stringify(parent.path)}, remove: (d) => rmSync(d, { recursive: true }) });
    writeFileSync(a + '/f', 'x');
    writeFileSync(b + '/f', 'x');
    console.log(a + '\\n' + b);
    ${then === 'wait' ? 'setInterval(() => {}, 1000);' : ''}`;
  return execa(process.execPath, ['--input-type=module', '-e', script], { reject: false, stdout: 'pipe', stderr: 'pipe' });
}

describe('clean-up when the process ends', () => {
  it('removes every folder at a normal exit', async () => {
    const r = await child('exit');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(readdirSync(parent.path)).toEqual([]);
  });

  it.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('removes every folder on %s and exits %i', async (signal, code) => {
    const proc = child('wait');
    const printed = await new Promise<string>((resolve) => {
      let text = '';
      proc.stdout!.on('data', (d: Buffer) => {
        text += d;
        if (text.split('\n').length > 2) resolve(text);
      });
    });
    expect(printed.trim().split('\n').every((d) => existsSync(join(d, 'f')))).toBe(true);
    proc.kill(signal);
    const r = await proc;
    expect(r.exitCode).toBe(code);
    expect(readdirSync(parent.path)).toEqual([]);
  });
});
