#!/usr/bin/env node
// The CLI: parses arguments and calls the library; nothing else.
import { Command, Option } from 'commander';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createColors } from 'picocolors';
import { catalogueIds, exercisesDir, findExerciseFiles, loadExerciseFile, loadCatalogue, SpecErrors, formatSpecError } from '../harness/spec/load.js';
import { initBinary } from '../harness/init/binary.js';
import { folderProblems } from '../harness/spec/folder.js';
import { helperProblems } from '../grader/build/helpers.js';
import { specReference } from '../harness/spec/reference-doc.js';
import { exitOnSignals, interrupted, releaseTempFolder, tempFolder } from '../harness/interrupt.js';
import { DEFAULT_REPEAT_BUDGET_MS, failedGrading, gradeSubmission, toolVersion } from '../grader/grade.js';
import { repeatBudgetHit } from '../grader/wording.js';
import { UsageError } from '../grader/errors.js';
import { exitCode } from '../grader/score.js';
import { REPORTERS } from '../grader/report/index.js';
import { GRADESCOPE_VISIBILITIES, JUNIT_FLAVOURS, type ReportOptions } from '../grader/report/types.js';
import { writeReports } from '../grader/report/write.js';
import { colorWanted, testLine } from '../grader/report/terminal.js';
import type { GradeResult } from '../grader/model.js';
import { renderVerify, verifyExercise } from '../grader/verify.js';
import { verifyMutants, type MutateFlags } from './mutate.js';
import { solutionProblems } from '../grader/solutions.js';
import { gradeBatch, mergeGradebooks } from '../grader/batch.js';
import { CONFIG_FILE, findStudentRepo, initStudentRepo, LANGUAGES, type Language } from '../kits/student.js';
import { EXERCISE_KINDS, scaffoldExercise, type ExerciseKind } from '../kits/instructor.js';
import { insideInstalledPackage, referencesDir } from '../kits/distribution.js';
import { KITS, makeBundle, type Kit } from '../kits/bundle.js';
import { catalogueFolder, existingFolder, isolationFor, warnFallback, knownExercises, oneFileFormat, reportFormats, shardSpec, wholeNumber, writableFile, writableFolder, writesFiles } from './inputs.js';

const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

const PERTURBATION = { hogs: 1, jitterMs: 5 };

/** Only the exercises a grading needs are parsed: those asked for, or those the submission has. */
function neededCatalogue(submission: string, dir: string | undefined, wanted: string[] | undefined) {
  const ids = catalogueIds(dir);
  const chosen = knownExercises(wanted, dir) ?? ids.filter((id) => existsSync(join(submission, id)));
  if (!chosen.length) fail(`${submission} has no folder named after an exercise (${ids.join(', ')}); use --exercise to choose one`);
  return loadCatalogue(dir, chosen);
}

/** A usage error: caught at the end of the program, printed as one line, exit 2. */
function fail(message: string): never {
  throw new UsageError(message);
}

/** Never settles: a signal is stopping ipclab, and its handler exits. */
const untilExit = () => new Promise<never>(() => {});

/** The submission to grade: the one named, or the student repository around here. */
function submissionOf(arg: string | undefined) {
  if (arg !== undefined) return { submission: existingFolder(arg, 'the submission'), repo: undefined };
  const repo = findStudentRepo();
  if (!repo) fail(`say which submission to grade (no ${CONFIG_FILE} here or above: this is not a repository made by \`ipclab init\`)`);
  // as the student would name it from here: reports quote it in commands to re-run (test_code)
  return { submission: relative(process.cwd(), repo.root) || '.', repo };
}

/** Writes the reports; with --out the one file goes through a temp folder beside it, so nothing else there is overwritten. */
function writeAll(result: GradeResult, formats: string[], o: { outDir: string; out?: string; verbose?: boolean } & ReportOptions, tty: boolean): void {
  const ctx = { formats, color: tty, verbose: !!o.verbose, env: process.env, options: { junitFlavour: o.junitFlavour, gradescopeHidden: o.gradescopeHidden } };
  if (!o.out) {
    writeReports(result, { ...ctx, outDir: o.outDir });
    return;
  }
  mkdirSync(dirname(o.out), { recursive: true }); // as --out-dir is made when missing
  const tmp = tempFolder(`.${basename(o.out)}.ipclab-`, { parent: dirname(o.out) });
  try {
    const written = writeReports(result, { ...ctx, outDir: tmp });
    if (written.length !== 1) fail(`--out goes with a format that writes one file (${formats.join(', ')} wrote ${written.length}): use --out-dir`);
    renameSync(written[0], o.out);
  } finally {
    releaseTempFolder(tmp);
  }
}

const program = new Command();
program
  .name('ipclab')
  .description('Grades UNIX IPC exercises by running the processes for real, in isolation.')
  .version(toolVersion())
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT.usage))
  // commander's own errors (unknown option, bad number) as one line, like ours
  .configureOutput({ outputError: (s, write) => write(`ipclab: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`) });

program
  .command('list')
  .description('list the exercises and their tests')
  .action(() => {
    for (const { spec } of loadCatalogue()) {
      const points = spec.tests.reduce((a, t) => a + t.points, 0);
      console.log(`${spec.id.padEnd(16)} ${spec.title} (${spec.tests.length} tests, ${points} points; programs: ${spec.programs.join(', ')})`);
    }
  });

program
  .command('validate')
  .description('validate exercise specs (default: the whole catalogue); exit 2 on any error')
  .argument('[paths...]', 'exercise.yaml files or folders')
  .action(async (paths: string[]) => {
    let bad = 0;
    let tests = 0;
    const files = (paths.length ? paths : [exercisesDir()]).flatMap((p) => {
      if (existsSync(p)) return findExerciseFiles(p);
      console.error(`${p}: no such file or folder`);
      bad++;
      return [];
    });
    for (const f of files) {
      try {
        const ex = loadExerciseFile(f);
        tests += ex.spec.tests.length;
        const problems = [...folderProblems(ex), ...(await helperProblems(ex.dir)), ...solutionProblems(ex)];
        for (const p of problems) console.error(p);
        if (problems.length) bad++;
      } catch (err) {
        bad++;
        if (err instanceof SpecErrors) for (const e of err.errors) console.error(formatSpecError(e));
        else console.error(`${f}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (!files.length && !bad) {
      console.error('no exercise.yaml found');
      process.exit(EXIT.usage);
    }
    if (bad) process.exit(EXIT.usage);
    console.log(`ok: ${files.length} exercise${files.length === 1 ? '' : 's'}, ${tests} tests`);
  });

program
  .command('grade')
  .description('build and grade a submission (a folder with one sub-folder per exercise)')
  .argument('[submission]', 'the submission folder (default: the student repository around here, see `ipclab init`)')
  .option('-e, --exercise <id...>', 'grade only these exercises')
  .option('-t, --test <name...>', 'run only these tests')
  .option('--catalogue <dir>', 'the folder of exercises (default: the exercises ipclab ships)')
  .option('-f, --format <formats...>', `report formats, each to its own file in --out-dir (${Object.keys(REPORTERS).join(', ')})`, ['terminal'])
  .option('-d, --out-dir <dir>', 'folder for report files', 'ipclab-report')
  .option('-o, --out <file>', 'with one file format: write it to this file')
  .addOption(new Option('--junit-flavour <flavour>', 'the schema junit.xml follows: Jenkins xunit\'s junit-10.xsd, or Ant\'s JUnit.xsd').choices(JUNIT_FLAVOURS).default('jenkins'))
  .addOption(new Option('--gradescope-hidden <visibility>', 'Gradescope visibility of hidden tests worth points (after_published hides the student\'s total until you publish grades; see docs/reports.md)').choices(GRADESCOPE_VISIBILITIES))
  .option('-v, --verbose', 'show passing checks and each test\'s timeline')
  .option('--exit-zero', 'exit 0 whatever the student did (non-zero only when grading itself failed)')
  .option('--repeat <n>', 'run every test n times and tell deterministic failures from flaky ones', wholeNumber(1))
  .option('--repeat-budget <minutes>', 'with --repeat: a ceiling on the whole grading; past it no test starts another run (each runs once at least), and the report says so', wholeNumber(1), DEFAULT_REPEAT_BUDGET_MS / 60000)
  .option('--perturb', 'expose races: busy processes on every CPU and random delays before starts')
  .option('-j, --jobs <n>', 'test slots for an exercise\'s tests side by side (a test of many processes takes several; default: the CPUs ipclab may use)', wholeNumber(1))
  .option('-q, --quiet', 'no terminal summary when only file formats are asked for')
  .option('--allow-fallback', 'grade in fallback mode (no namespaces) even in CI, where it is refused by default')
  .option('--explain', 'run each failed test that ran untraced once more under strace, for its sequence diagram (the verdict stays the first run\'s; the default with --format html)')
  .option('--no-explain', 'no traced re-run of failed tests, even with --format html')
  // instructors and the benchmark: trace every test, whatever its spec says
  .addOption(new Option('--trace <which>', 'which tests run under strace').choices(['spec', 'all']).default('spec').hideHelp())
  .action(async (submissionArg: string | undefined, o: { exercise?: string[]; test?: string[]; catalogue?: string; format: string[]; outDir: string; out?: string; verbose?: boolean; exitZero?: boolean; repeat?: number; repeatBudget: number; perturb?: boolean; jobs?: number; quiet?: boolean; allowFallback?: boolean; explain?: boolean; trace: 'spec' | 'all' } & ReportOptions) => {
    const { submission, repo } = submissionOf(submissionArg);
    o.exercise ??= repo?.config.exercises;
    // every input is checked before the first build starts
    const formats = reportFormats(o.format);
    if (o.out) {
      oneFileFormat(formats);
      writableFile(o.out, '--out');
    } else if (writesFiles(formats)) writableFolder(o.outDir, '--out-dir');
    const catalogue = neededCatalogue(submission, o.catalogue && catalogueFolder(o.catalogue), o.exercise);
    const iso = isolationFor(o.allowFallback);
    if (!o.quiet) warnFallback(iso);
    const tty = colorWanted(process.stdout, process.env);
    const c = createColors(tty);
    const progress = !o.quiet;
    let result: GradeResult;
    try {
      result = await gradeSubmission(submission, {
        catalogue,
        repeat: o.repeat,
        repeatBudgetMs: o.repeatBudget * 60000,
        testJobs: o.jobs,
        perturb: o.perturb ? PERTURBATION : undefined,
        trace: o.trace,
        // the html report draws each test: a failure gets the diagram of a traced run unless told not to
        explain: o.explain ?? formats.includes('html'),
        exercises: o.exercise,
        tests: o.test,
        onExerciseStart: (ex, n) => {
          if (progress && tty) process.stdout.write(c.dim(`grading ${ex.spec.id} (${n} tests)…\n`));
        },
        onTest: (_ex, t) => {
          if (progress && tty) process.stdout.write(`${testLine(t, c)}\n`);
        },
      });
    } catch (err) {
      if (err instanceof UsageError || err instanceof SpecErrors) throw err;
      // ipclab's own fault: said once, and the report still written (status error, exit 3)
      console.error(`ipclab: internal error: ${err instanceof Error ? err.stack : String(err)}`);
      result = failedGrading(submission, err);
    }
    if (interrupted()) return untilExit(); // the tests were cut short: no report of them
    const cut = result.exercises.flatMap((e) => e.tests).filter((t) => t.runs?.of).length;
    if (cut) console.error(`ipclab: ${repeatBudgetHit(o.repeatBudget * 60000, o.repeat!, cut)}`);
    try {
      writeAll(result, formats, o, tty);
      // a file format alone still shows the student the summary
      if (!formats.includes('terminal') && !o.quiet) process.stdout.write(REPORTERS.terminal.render(result, { color: tty, verbose: false, env: process.env }).stdout ?? '');
    } catch (err) {
      if (err instanceof UsageError) throw err;
      console.error(`ipclab: could not write the report: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(EXIT.internal);
    }
    const code = exitCode(result);
    process.exitCode = o.exitZero && code === EXIT.failed ? 0 : code;
  });

program
  .command('grade-batch')
  .description('grade every submission folder of a class: one report per student and a gradebook CSV; resumable')
  .argument('<dir>', 'a folder with one submission folder per student')
  .option('-j, --jobs <n>', 'students graded in parallel (the CPUs ipclab may use are shared out among them as test slots)', wholeNumber(1), 2)
  .option('-o, --out <dir>', 'where gradebook.csv and students/<name>/ go', 'ipclab-batch')
  .option('--force', 'grade again students that already have a result')
  .option('--workers', 'grade each student in a process of its own (for many cores)')
  .option('--shard <k/n>', 'grade only share k of n (stable per student name)', shardSpec)
  .option('-e, --exercise <id...>', 'grade only these exercises')
  .option('--catalogue <dir>', 'the folder of exercises (default: the exercises ipclab ships)')
  .option('--allow-fallback', 'grade in fallback mode (no namespaces) even in CI, where it is refused by default')
  .action(async (dir: string, o: { jobs: number; out: string; force?: boolean; workers?: boolean; shard?: { k: number; n: number }; exercise?: string[]; catalogue?: string; allowFallback?: boolean }) => {
    existingFolder(dir, 'the class folder');
    writableFolder(o.out, '--out');
    if (o.catalogue) catalogueFolder(o.catalogue);
    knownExercises(o.exercise, o.catalogue);
    const catalogue = loadCatalogue(o.catalogue);
    warnFallback(isolationFor(o.allowFallback));
    const summary = await gradeBatch(dir, {
      jobs: o.jobs, force: o.force, shard: o.shard, out: o.out, workers: o.workers, allowFallback: o.allowFallback,
      grade: { catalogue, exercises: o.exercise },
      catalogueDir: o.catalogue,
      onWarning: (message) => console.error(`ipclab: warning: ${message}`),
      onStudent: (student, outcome, r) => console.log(`${outcome === 'graded' ? `${r!.points}/${r!.maxPoints}`.padStart(7) : outcome === 'done-before' ? '   done' : outcome === 'error' ? '  ERROR' : ' FAILED'}  ${student}`),
    });
    if (interrupted()) return untilExit(); // the signal handler writes the gradebook and exits
    for (const f of summary.failed) console.error(`ipclab: ${f.student}: ${f.error}`);
    // the name collisions were warned about already: they are the class folder's, not ipclab's
    const internal = summary.errors.filter((e) => !summary.collisions.includes(e.student));
    for (const f of internal) console.error(`ipclab: ${f.student}: internal error: ${f.error}`);
    const counts = [`${summary.graded.length} graded`, `${summary.skipped.length} already done`, `${summary.failed.length} failed`, `${internal.length} internal errors`];
    if (summary.collisions.length) counts.push(`${summary.collisions.length} names shared by several folders`);
    console.log(`${counts.join(', ')} of ${summary.students.length}${o.shard ? ` (shard ${o.shard.k}/${o.shard.n})` : ''}; gradebook: ${summary.gradebook}`);
    process.exitCode = internal.length ? EXIT.internal : summary.failed.length || summary.collisions.length ? EXIT.failed : EXIT.ok;
  });

program
  .command('merge-gradebooks')
  .description('merge the gradebook.csv files of several shards into one')
  .argument('<files...>', 'gradebook CSV files')
  .option('-o, --out <file>', 'write here instead of standard output')
  .action((files: string[], o: { out?: string }) => {
    try {
      const merged = mergeGradebooks(files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') })));
      if (o.out) writeFileSync(o.out, merged);
      else process.stdout.write(merged);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  });

program
  .command('init')
  .description('create a student repository: statements, starter code (C with Makefiles, or TypeScript with a tsconfig.json), README and a grading workflow')
  .argument('<dir>', 'the new repository (must not exist, or be empty)')
  .option('-e, --exercise <id...>', 'exercises to include (default: all); `id:ts` or `id:c` picks that exercise\'s starter language')
  .option('-l, --language <lang>', 'the starters\' language: c or ts', 'c')
  .option('--package <spec>', 'what the workflow installs ipclab from: a packed ipclab (.tgz, shipped in the repository) or an npm spec such as your private grading repository (git+https://…); default: this ipclab, packed into the repository')
  .option('--title <title>', 'the README title')
  .action(async (dir: string, o: { exercise?: string[]; language: string; package?: string; title?: string }) => {
    const catalogue = loadCatalogue();
    const language = (lang: string): Language =>
      (LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : fail(`unknown language "${lang}" (c or ts)`);
    const languages = new Map<string, Language>();
    const exercises = o.exercise
      ? o.exercise.map((arg) => {
          const [id = '', lang] = arg.split(':');
          if (lang !== undefined) languages.set(id, language(lang));
          return catalogue.find((e) => e.spec.id === id) ?? fail(`no exercise "${id}"`);
        })
      : catalogue;
    try {
      const created = await initStudentRepo(dir, { exercises, language: language(o.language), languages, package: o.package, title: o.title });
      console.log(`created ${dir} (${created.length} files): ${exercises.map((e) => e.spec.id).join(', ')}\nnext: cd ${dir} && npx ipclab grade`);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  });

program
  .command('new')
  .description('scaffold a new exercise: spec, statement, starter code, reference stub, solutions folder')
  .argument('<id>', 'the exercise id')
  .option('-p, --program <name...>', 'the programs students write', ['main'])
  .option('--catalogue <dir>', 'the exercises folder', 'exercises')
  .option('--reference <dir>', 'the references folder', 'reference')
  .addOption(new Option('-k, --kind <kind>', 'what the exercise is about (pipe: no argument; fifo: a path; sysv: a key; posix: a name; mmap: a file)').choices(EXERCISE_KINDS).default('sysv'))
  .action((id: string, o: { program: string[]; catalogue: string; reference: string; kind: ExerciseKind }) => {
    const inside = [o.catalogue, o.reference].find((d) => insideInstalledPackage(resolve(d)));
    if (inside) fail(`${inside} is inside the installed ipclab package; run \`ipclab new\` in your course's catalogue checkout`);
    try {
      const created = scaffoldExercise({ id, programs: o.program, catalogue: o.catalogue, reference: o.reference, kind: o.kind });
      for (const f of created) console.log(`created ${f}`);
      console.log(`next: edit ${o.catalogue}/${id}/exercise.yaml, then \`ipclab validate ${o.catalogue}/${id}\` and \`ipclab verify ${id}\``);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  });

program
  .command('verify')
  .description('run the reference and every known solution of exercises N times: the reference must always pass, each solution fail exactly its declared tests')
  .argument('[exercises...]', 'exercise ids (default: all)')
  .option('-n, --runs <n>', 'runs of each', wholeNumber(1), 20)
  .option('--no-perturb', 'run without busy processes and random delays')
  .option('--catalogue <dir>', 'the exercises folder, with each exercise\'s solutions/ (default: this source checkout\'s)')
  .option('--reference <dir>', 'the reference solutions, one folder per exercise (default: this source checkout\'s)')
  .option('--allow-fallback', 'verify in fallback mode (no namespaces) even in CI, where it is refused by default')
  .option('--trace', 'run every test traced (strace), as `grade --trace all` does: a traced run must give the same verdicts')
  .option('--correct-only', 'only the reference and the known solutions that fail no test (`fails: []`)')
  .option('--mutate', 'mutation testing instead: grade mutants of each exercise\'s solutions/correct/ and report the share its tests kill, and each survivor')
  .option('--operator <names>', 'with --mutate: only these mutation operators, comma-separated (default: all)', (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean))
  .option('--save <name>', 'with --mutate: write each survivor as a candidate known solution solutions/<name>/ (<name>-1, … when several)')
  .option('--no-cache', 'with --mutate: grade every mutant again instead of reusing cached results')
  .option('-j, --jobs <n>', 'with --mutate: mutants graded at once (default: the usable CPUs)', wholeNumber(1))
  .action(async (ids: string[], o: { runs: number; perturb: boolean; catalogue?: string; reference?: string; allowFallback?: boolean; trace?: boolean; correctOnly?: boolean } & MutateFlags & { mutate?: boolean }) => {
    if (o.mutate) {
      const catalogue = loadCatalogue(o.catalogue);
      const chosen = ids.length ? ids.map((id) => catalogue.find((e) => e.spec.id === id) ?? fail(`no exercise "${id}"`)) : catalogue;
      warnFallback(isolationFor(o.allowFallback));
      process.exitCode = (await verifyMutants(chosen, catalogue, o)) ? 0 : 1;
      return;
    }
    const reference = o.reference ?? referencesDir() ?? fail('verify needs the catalogue\'s source checkout (an installed ipclab carries no reference or known solutions): pass --catalogue <exercises> --reference <reference>');
    for (const d of [o.catalogue, reference]) if (d !== undefined && !existsSync(d)) fail(`no folder ${d}`);
    const catalogue = loadCatalogue(o.catalogue);
    const chosen = ids.length ? ids.map((id) => catalogue.find((e) => e.spec.id === id) ?? fail(`no exercise "${id}"`)) : catalogue;
    const bare = chosen.filter((ex) => !existsSync(join(reference, ex.spec.id)) || !existsSync(join(ex.dir, 'solutions'))).map((ex) => ex.spec.id);
    if (bare.length) fail(`${bare.join(', ')}: no reference in ${reference}/<id>/ or no known solutions in <catalogue>/<id>/solutions/ (they live only in the catalogue's source checkout)`);
    warnFallback(isolationFor(o.allowFallback));
    let ok = true;
    for (const ex of chosen) {
      const v = await verifyExercise(ex, { runs: o.runs, catalogue, reference, perturb: o.perturb ? PERTURBATION : undefined, trace: o.trace, correctOnly: o.correctOnly });
      console.log(renderVerify(v));
      ok &&= v.ok;
    }
    process.exitCode = ok ? 0 : 1;
  });

/** `slug=id,id` pairs: Classroom 50 slugs are lower-case words and dashes. */
function parseAssignments(pairs: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of pairs) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)=([a-z0-9][a-z0-9,-]*)$/.exec(p);
    if (!m) fail(`--assignment "${p}" is not slug=exercise[,exercise…]`);
    out[m[1]] = m[2].split(',').filter(Boolean);
  }
  return out;
}

program
  .command('kit')
  .description(`make an autograder bundle (${KITS.join(', ')}): the kit's scripts, a packed ipclab and your exercises, never their solutions`)
  .argument('<kit>', KITS.join(' or '))
  .argument('<dir>', 'the new bundle folder (must not exist, or be empty)')
  .option('--package <tgz>', 'a packed ipclab to ship (default: npm pack of this ipclab); for classroom50 also an npm spec to install instead')
  .option('--catalogue <dir>', 'your own exercises to ship (their solutions/ are left out)')
  .option('-e, --exercise <id...>', 'the exercises this assignment grades')
  .addOption(new Option('--gradescope-hidden <visibility>', 'gradescope: the visibility of hidden tests worth points (default after_published, which hides the total until you publish grades)').choices(GRADESCOPE_VISIBILITIES))
  .option('-a, --assignment <slug=ids...>', 'classroom50: an assignment slug and the exercises it grades, e.g. pipes=pipe-copy,pipe-sync')
  .action(async (kit: string, dir: string, o: { package?: string; catalogue?: string; exercise?: string[]; gradescopeHidden?: string; assignment?: string[] }) => {
    if (!(KITS as readonly string[]).includes(kit)) fail(`no kit "${kit}" (known: ${KITS.join(', ')})`);
    if (o.gradescopeHidden && kit !== 'gradescope') fail('--gradescope-hidden goes with the gradescope kit');
    if (o.catalogue && !existsSync(o.catalogue)) fail(`no folder ${o.catalogue}`);
    if (o.assignment && kit !== 'classroom50') fail('--assignment is for the classroom50 kit');
    const assignments = o.assignment ? parseAssignments(o.assignment) : undefined;
    const packageSpec = o.package && !existsSync(o.package) ? o.package : undefined;
    if (packageSpec && kit !== 'classroom50') fail(`no file ${packageSpec}`);
    const known = catalogueIds(o.catalogue);
    const unknown = [...(o.exercise ?? []), ...Object.values(assignments ?? {}).flat()].filter((id) => !known.includes(id));
    if (unknown.length) fail(`no exercise ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${known.join(', ')})`);
    try {
      const files = await makeBundle(dir, { kit: kit as Kit, tarball: packageSpec ? undefined : o.package, packageSpec, assignments, catalogue: o.catalogue, exercises: o.exercise, gradescopeHidden: o.gradescopeHidden });
      console.log(`created ${dir}: ${files.join(', ')}${kit === 'gradescope' ? `\nnext: cd ${dir} && zip -r ../autograder.zip .` : ''}`);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  });

program
  .command('doctor')
  .description('say how tests would be isolated here: the mode, each mode tried and why it failed, and what fallback mode lacks; exit 1 in fallback mode')
  .action(() => {
    const iso = isolationFor(true);
    console.log(`isolation: ${iso.kind} — ${iso.description}`);
    for (const t of iso.tried) console.log(`  tried ${t.kind}: ${t.why}`);
    for (const m of iso.missing) console.log(`  missing: ${m}`);
    process.exitCode = iso.mode === 'fallback' ? 1 : 0;
  });

program
  .command('spec-reference', { hidden: true })
  .description('print the spec field reference generated from the schema (docs/spec-reference.md)')
  .action(() => {
    process.stdout.write(specReference(JSON.parse(readFileSync(join(exercisesDir(), 'schema.json'), 'utf8'))));
  });

program
  .command('build-init', { hidden: true })
  .description('compile the per-test process supervisor')
  .action(() => {
    console.log(initBinary());
  });

// Usage and spec errors are the user's: one line each, exit 2. Anything else is ipclab's: exit 3.
exitOnSignals();
program.parseAsync().catch((err) => {
  if (err instanceof UsageError) console.error(`ipclab: ${err.message}`);
  else if (err instanceof SpecErrors) for (const e of err.errors) console.error(`ipclab: ${formatSpecError(e)}`);
  else console.error(`ipclab: internal error: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(err instanceof UsageError || err instanceof SpecErrors ? EXIT.usage : EXIT.internal);
});
