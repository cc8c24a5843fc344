// Carries out what reporters asked for: files in the report folder, GitHub step outputs and
// summary, standard output. The only module here that does I/O.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GradeResult } from '../model.js';
import { REPORTERS } from './index.js';
import type { ReportContext, ReportOutput } from './types.js';

export interface WriteOptions extends ReportContext {
  formats: string[];
  outDir: string;
  /** Where standard output goes (process.stdout.write by default). */
  print?: (text: string) => void;
  /** Where warnings go (process.stderr.write by default). */
  warn?: (text: string) => void;
}

export function writeReports(result: GradeResult, o: WriteOptions): string[] {
  const written: string[] = [];
  const owners = new Map<string, string>();
  const print = o.print ?? ((t: string) => process.stdout.write(t));
  for (const name of o.formats) {
    const reporter = REPORTERS[name];
    if (!reporter) throw new Error(`unknown report format "${name}" (known: ${Object.keys(REPORTERS).join(', ')})`);
    const out: ReportOutput = reporter.render(result, o);
    for (const [file, content] of Object.entries(out.files ?? {})) {
      const other = owners.get(file);
      if (other) throw new Error(`the formats ${other} and ${name} both write ${file}: write them to different folders (run ipclab twice, or use --out for one of them)`);
      owners.set(file, name);
      mkdirSync(o.outDir, { recursive: true });
      const path = join(o.outDir, file);
      writeFileSync(path, content);
      written.push(path);
    }
    if (out.stdout) print(out.stdout);
    if (out.stderr) (o.warn ?? ((t: string) => process.stderr.write(t)))(out.stderr);
    if (out.githubOutput && o.env.GITHUB_OUTPUT) {
      for (const [k, v] of Object.entries(out.githubOutput)) appendFileSync(o.env.GITHUB_OUTPUT, `${k}=${v}\n`);
    }
    if (out.stepSummary && o.env.GITHUB_STEP_SUMMARY) appendFileSync(o.env.GITHUB_STEP_SUMMARY, out.stepSummary);
  }
  return written;
}
