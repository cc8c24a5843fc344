// `ipclab kit <gradescope|classroom50> <dir>`: the folder an instructor uploads (Gradescope's
// autograder zip) or commits (Classroom 50's autograders/ASSIGNMENT/): the kit's scripts, a packed
// ipclab and optionally the course's own exercises, all without solutions. Student code runs on
// the machine that holds the bundle, so nothing in it may be a solution.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { packageRoot } from '../harness/settings.js';
import { assertNoSolutions, copyCatalogue } from './distribution.js';

export const KITS = ['gradescope', 'classroom50'] as const;
export type Kit = (typeof KITS)[number];

export interface BundleOptions {
  kit: Kit;
  /** A packed ipclab (npm pack); else this ipclab is packed. */
  tarball?: string;
  /** Classroom 50 only: an npm spec to install ipclab from instead of shipping a tarball. */
  packageSpec?: string;
  /** Classroom 50 only: assignment slug → the exercises it grades (ipclab.json's `assignments`). */
  assignments?: Record<string, string[]>;
  /** The course's own exercises, copied in as `exercises/` without their solutions. */
  catalogue?: string;
  exercises?: string[];
  /** Gradescope: the visibility of hidden tests worth points (ipclab.conf GRADESCOPE_HIDDEN). */
  gradescopeHidden?: string;
}

/** The folder CATALOGUE/IPCLAB_CATALOGUE names inside the bundle. */
const CATALOGUE = 'exercises';

export async function makeBundle(dir: string, o: BundleOptions): Promise<string[]> {
  const out = resolve(dir);
  if (existsSync(out) && readdirSync(out).length) throw new Error(`${dir} exists and is not empty`);
  if (o.tarball) await assertNoSolutions(o.tarball);
  const fresh = !existsSync(out);
  mkdirSync(out, { recursive: true });
  try {
    return await fill(out, o);
  } catch (err) {
    // a half-made bundle must not be uploaded by mistake
    if (fresh) rmSync(out, { recursive: true, force: true });
    throw err;
  }
}

async function fill(out: string, o: BundleOptions): Promise<string[]> {
  const tarball = o.packageSpec ? undefined : o.tarball ? copyTarball(o.tarball, out) : await packSelf(out);
  if (tarball) await assertNoSolutions(join(out, tarball));
  const files = [...(tarball ? [tarball] : []), ...(o.kit === 'gradescope' ? gradescope(out, o) : classroom50(out, o, tarball ?? o.packageSpec!))];
  if (o.catalogue) {
    const wanted = o.exercises || o.assignments ? [...new Set([...(o.exercises ?? []), ...Object.values(o.assignments ?? {}).flat()])] : undefined;
    const ids = copyCatalogue(o.catalogue, join(out, CATALOGUE), wanted);
    if (!ids.length) throw new Error(`${o.catalogue} has no exercise folder${wanted ? ` named ${wanted.join(', ')}` : ''}`);
    files.push(...ids.map((id) => `${CATALOGUE}/${id}/`));
  }
  return files;
}

function copyTarball(from: string, out: string): string {
  copyFileSync(from, join(out, basename(from)));
  return basename(from);
}

/** npm pack of this ipclab: package.json's `files` leave solutions and references out. */
export async function packSelf(out: string): Promise<string> {
  const { execa } = await import('execa'); // see distribution.ts: loaded only here
  const r = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out], { cwd: packageRoot(), reject: false });
  const name = String(r.stdout).trim().split('\n').pop() ?? '';
  if (r.exitCode !== 0 || !existsSync(join(out, name))) throw new Error(`npm pack failed: ${String(r.stderr).trim().split('\n')[0] || `exit ${r.exitCode}`}`);
  return name;
}

function kitFile(kit: Kit, name: string, out: string, edit = (s: string) => s): string {
  writeFileSync(join(out, name), edit(readFileSync(join(packageRoot(), 'kits', kit, name), 'utf8')));
  chmodSync(join(out, name), name.endsWith('.py') ? 0o644 : 0o755);
  return name;
}

function gradescope(out: string, o: BundleOptions): string[] {
  const files = [kitFile('gradescope', 'setup.sh', out), kitFile('gradescope', 'run_autograder', out)];
  const conf = [
    ...(o.exercises ? [`EXERCISES=${shellQuote(o.exercises.join(' '))}`] : []),
    ...(o.catalogue ? [`CATALOGUE=${CATALOGUE}`] : []),
    ...(o.gradescopeHidden ? [`GRADESCOPE_HIDDEN=${shellQuote(o.gradescopeHidden)}`] : []),
  ];
  if (conf.length) {
    writeFileSync(join(out, 'ipclab.conf'), `${conf.join('\n')}\n`);
    files.push('ipclab.conf');
  }
  return files;
}

/** Classroom 50's ipclab.json: what to install, the catalogue, and which exercises each assignment grades. */
export interface Classroom50Config {
  package: string;
  catalogue?: string;
  exercises?: string[];
  assignments?: Record<string, string[]>;
}

function classroom50(out: string, o: BundleOptions, pkg: string): string[] {
  const config: Classroom50Config = {
    package: pkg,
    ...(o.catalogue ? { catalogue: CATALOGUE } : {}),
    ...(o.exercises ? { exercises: o.exercises } : {}),
    ...(o.assignments ? { assignments: o.assignments } : {}),
  };
  writeFileSync(join(out, 'ipclab.json'), `${JSON.stringify(config, null, 2)}\n`);
  // the same, inside the script: a classroom-wide CLASSROOM/autograder.py may run without its bundle
  return ['ipclab.json', kitFile('classroom50', 'autograder.py', out, (s) => s
    .replace(/^EXERCISES = \[\]/m, `EXERCISES = ${JSON.stringify(o.exercises ?? [])}`)
    .replace(/^CATALOGUE = ""/m, `CATALOGUE = ${JSON.stringify(o.catalogue ? CATALOGUE : '')}`)
    .replace(/^CONFIG = \{\}/m, `CONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})`))];
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
