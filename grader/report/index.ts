// Reporters are plug-ins over one GradeResult: a new format is one file plus one line here.
import type { GradeResult } from '../model.js';
import { renderTerminal } from './terminal.js';
import { renderJson } from './json.js';

export interface ReportOptions {
  color: boolean;
  verbose: boolean;
}

export interface Reporter {
  name: string;
  /** Default file name when the format is written to a folder. */
  file: string;
  render(result: GradeResult, opts: ReportOptions): string;
}

export const REPORTERS: Record<string, Reporter> = {
  terminal: { name: 'terminal', file: 'report.txt', render: renderTerminal },
  json: { name: 'json', file: 'result.json', render: (r) => renderJson(r) },
};
