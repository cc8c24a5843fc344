// `ipclab init`: a student repository with the statements, starter code (C with its Makefile, or
// TypeScript with a tsconfig.json for editors and tsc), a README and a workflow that grades every
// push. Inside it, `ipclab grade` needs no arguments.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../harness/settings.js';
import type { LoadedExercise } from '../harness/spec/load.js';
import { assertNoSolutions } from './distribution.js';
import { packSelf } from './bundle.js';
import { IPCLAB_RUNNER, runnerEnv, runnerId } from '../grader/report/classroom.js';

export const CONFIG_FILE = 'ipclab.json';

export interface StudentConfig {
  exercises: string[];
  /** What `npm install` takes to get ipclab: a registry spec or a path to a packed tarball. */
  package: string;
}

/** The language of an exercise's starter: C (`starter/`) or TypeScript (`starter-ts/`). */
export type Language = 'c' | 'ts';
export const LANGUAGES: readonly Language[] = ['c', 'ts'];

/** Where an exercise keeps its starter in `language`. */
export function starterDir(exerciseDir: string, language: Language): string {
  return join(exerciseDir, language === 'ts' ? 'starter-ts' : 'starter');
}

/** The tsconfig.json of a repository with TypeScript exercises: types from ipclab's `ipclab/ipc`, nothing emitted. */
export const STUDENT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['*/*.ts'],
};

export interface InitOptions {
  exercises: LoadedExercise[];
  /** Each exercise's starter language (by id); an exercise not named gets `language`. */
  languages?: ReadonlyMap<string, Language>;
  /** Default 'c'. */
  language?: Language;
  /**
   * What the workflow installs ipclab from: a packed ipclab (a .tgz file, shipped inside the
   * repository) or an npm spec such as a private grading repository (`git+https://…`,
   * `github:org/repo#tag`). Default: this ipclab, packed into the repository.
   */
  package?: string;
  title?: string;
}

export async function initStudentRepo(dir: string, o: InitOptions): Promise<string[]> {
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length) throw new Error(`${dir} exists and is not empty`);
  // the spec lands in a workflow's shell line: one plain word, nothing the shell would read
  if (o.package !== undefined && !/^[\w@./:#+~=-]+$/.test(o.package)) throw new Error(`--package "${o.package}" is neither a file nor an npm package spec`);
  const languageOf = (id: string): Language => o.languages?.get(id) ?? o.language ?? 'c';
  // before anything is written: a half-made repository could not be made again (not empty)
  const noStarter = o.exercises.find((ex) => languageOf(ex.spec.id) === 'ts' && !existsSync(starterDir(ex.dir, 'ts')));
  if (noStarter) throw new Error(`exercise "${noStarter.spec.id}" has no TypeScript starter`);
  const tarball = o.package === undefined || existsSync(o.package) ? o.package : undefined;
  // students clone this repository: a tarball packed with solutions would hand them out
  if (tarball) await assertNoSolutions(tarball);
  mkdirSync(root, { recursive: true });
  const created: string[] = [];
  const write = (rel: string, content: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
    created.push(rel);
  };
  let pkg = o.package ?? '';
  if (tarball || o.package === undefined) {
    mkdirSync(join(root, '.ipclab'), { recursive: true });
    const file = tarball ? tarball.split('/').pop()! : await packSelf(join(root, '.ipclab'));
    if (tarball) cpSync(tarball, join(root, '.ipclab', file));
    else await assertNoSolutions(join(root, '.ipclab', file));
    created.push(`.ipclab/${file}`);
    pkg = `./.ipclab/${file}`;
  }
  for (const ex of o.exercises) {
    const id = ex.spec.id;
    const starter = starterDir(ex.dir, languageOf(id));
    if (existsSync(starter)) {
      cpSync(starter, join(root, id), { recursive: true });
      for (const f of readdirSync(starter)) created.push(`${id}/${f}`);
    }
    write(`${id}/README.md`, readFileSync(join(ex.dir, 'README.md'), 'utf8'));
  }
  const ids = o.exercises.map((e) => e.spec.id);
  const used = new Set(ids.map(languageOf));
  if (used.has('ts')) write('tsconfig.json', `${JSON.stringify(STUDENT_TSCONFIG, null, 2)}\n`);
  const templates = join(packageRoot(), 'kits', 'student');
  const fill = (text: string) => text
    .replace(/__IPCLAB_PACKAGE__/g, pkg)
    .replace(/__TITLE__/g, o.title ?? 'IPC exercises')
    .replace(/__EXERCISES__/g, ids.map((i) => `\`${i}\``).join(', '))
    .replace(/__FIRST__/g, ids[0] ?? '')
    .replace(/__LANGUAGES__/g, ids.map((i) => `\`${i}\` (${languageOf(i) === 'ts' ? 'TypeScript' : 'C'})`).join(', '))
    .replace(/^ *__RUNNER_ENV__\n/m, classroomEnv(o.exercises))
    .replace(/__RUNNERS__/g, classroomRunnerIds(o.exercises).join(','));
  write('README.md', fill(readFileSync(join(templates, 'README.md'), 'utf8')));
  write('.github/workflows/grade.yml', fill(readFileSync(join(templates, 'grade.yml'), 'utf8')));
  // macOS and Windows have no Linux namespaces: a privileged container (Codespaces or local) does
  write('.devcontainer/devcontainer.json', fill(readFileSync(join(templates, 'devcontainer.json'), 'utf8')));
  write('.gitignore', 'node_modules/\nipclab-report/\n*.o\n');
  const config: StudentConfig = { exercises: ids, package: pkg };
  write(CONFIG_FILE, `${JSON.stringify(config, null, 2)}\n`);
  return created;
}

/** The reporter's runners: one per test (see grader/report/classroom.ts), then `ipclab`. */
export function classroomRunnerIds(exercises: LoadedExercise[]): string[] {
  return [...exercises.flatMap((e) => e.spec.tests.map((t) => runnerId(e.spec.id, t.name))), IPCLAB_RUNNER];
}

/** The reporter step's env lines: each runner's variable from the grading step's output of that name. */
function classroomEnv(exercises: LoadedExercise[]): string {
  return classroomRunnerIds(exercises).map((id) => `          ${runnerEnv(id)}: \${{ steps.ipclab.outputs['${id}'] }}\n`).join('');
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
