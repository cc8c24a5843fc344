// The registry of report formats. A reporter only formats: it returns what to write, and
// report/write.ts does the writing. A new format is its own file (exporting a Reporter, types from
// report/types.ts), its name in ReportFormat and one line here.
import type { Reporter, ReporterRegistry } from './types.js';
import { terminalReporter } from './terminal.js';
import { jsonReporter } from './json.js';
import { classroomReporter } from './classroom.js';
import { classroom50Reporter } from './classroom50.js';
import { gradescopeReporter } from './gradescope.js';
import { junitReporter } from './junit.js';
import { githubReporter } from './github.js';
import { htmlReporter } from './html.js';

export type { ReportContext, ReportFormat, ReportOutput, Reporter, ReporterRegistry } from './types.js';

/** Keys in this order are the order --help lists. Indexed by a name a user typed, it may miss. */
export const REPORTERS: ReporterRegistry & Readonly<Record<string, Reporter | undefined>> = {
  terminal: terminalReporter,
  json: jsonReporter,
  classroom: classroomReporter,
  classroom50: classroom50Reporter,
  gradescope: gradescopeReporter,
  junit: junitReporter,
  github: githubReporter,
  html: htmlReporter,
} satisfies ReporterRegistry;
