// `ipclab init`: a student repository with the statements, starter code, a Makefile per exercise,
// a README and a workflow that grades every push. Inside it, `ipclab grade` needs no arguments.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../harness/settings.js';
import type { LoadedExercise } from '../harness/spec/load.js';
import { assertNoSolutions } from './distribution.js';

export const CONFIG_FILE = 'ipclab.json';

export interface StudentConfig {
  exercises: string[];
  /** What `npm install` takes to get ipclab: a registry spec or a path to a packed tarball. */
  package: string;
}

export interface InitOptions {
  exercises: LoadedExercise[];
  /** A packed ipclab (npm pack) to ship inside the repository; else ipclab@<version> from the registry. */
  tarball?: string;
  version: string;
  title?: string;
}

export async function initStudentRepo(dir: string, o: InitOptions): Promise<string[]> {
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length) throw new Error(`${dir} exists and is not empty`);
  // students clone this repository: a tarball packed with solutions would hand them out
  if (o.tarball) await assertNoSolutions(o.tarball);
  mkdirSync(root, { recursive: true });
  const created: string[] = [];
  const write = (rel: string, content: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
    created.push(rel);
  };
  let pkg = `ipclab@${o.version}`;
  if (o.tarball) {
    const name = `.ipclab/${o.tarball.split('/').pop()}`;
    mkdirSync(join(root, '.ipclab'), { recursive: true });
    cpSync(o.tarball, join(root, name));
    created.push(name);
    pkg = `./${name}`;
  }
  for (const ex of o.exercises) {
    const id = ex.spec.id;
    const starter = join(ex.dir, 'starter');
    if (existsSync(starter)) {
      cpSync(starter, join(root, id), { recursive: true });
      for (const f of readdirSync(starter)) created.push(`${id}/${f}`);
    }
    write(`${id}/README.md`, readFileSync(join(ex.dir, 'README.md'), 'utf8'));
  }
  const ids = o.exercises.map((e) => e.spec.id);
  const templates = join(packageRoot(), 'kits', 'student');
  const fill = (text: string) => text
    .replace(/__IPCLAB_PACKAGE__/g, pkg)
    .replace(/__TITLE__/g, o.title ?? 'IPC exercises')
    .replace(/__EXERCISES__/g, ids.map((i) => `\`${i}\``).join(', '))
    .replace(/__FIRST__/g, ids[0] ?? '');
  write('README.md', fill(readFileSync(join(templates, 'README.md'), 'utf8')));
  write('.github/workflows/grade.yml', fill(readFileSync(join(templates, 'grade.yml'), 'utf8')));
  write('.gitignore', 'node_modules/\nipclab-report/\n*.o\n');
  const config: StudentConfig = { exercises: ids, package: pkg };
  write(CONFIG_FILE, `${JSON.stringify(config, null, 2)}\n`);
  return created;
}

/** The student repository around a folder, if any: its root and config. */
export function findStudentRepo(from = process.cwd()): { root: string; config: StudentConfig } | undefined {
  let dir = resolve(from);
  for (;;) {
    const f = join(dir, CONFIG_FILE);
    if (existsSync(f)) return { root: dir, config: JSON.parse(readFileSync(f, 'utf8')) as StudentConfig };
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
