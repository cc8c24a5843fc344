// Files in the test's working directory after the test: absent or present.
import type { FilesCheck } from '../../harness/spec/types.js';
import { template } from '../../harness/spec/template.js';
import { compile, globToPattern } from '../../harness/spec/regex.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';

export function checkFiles(c: FilesCheck, ctx: CheckContext, title?: string): Finding[] {
  const dir = ctx.obs.vars.dir;
  const rel = (p: string) => {
    const t = template(p, ctx.vars);
    return t.startsWith(`${dir}/`) ? t.slice(dir.length + 1) : t;
  };
  // names may use * and ? (client.*.fifo); the names are the student's, so RE2 matches them
  const matching = (glob: string) => {
    const re = compile(globToPattern(glob));
    return ctx.obs.workFiles.filter((w) => re.whole(w.name));
  };
  const out: Finding[] = [];
  for (const p of c.absent ?? []) {
    const r = rel(p);
    const found = matching(r);
    out.push(found.length
      ? { title: title ?? `${r} is removed`, passed: false, rationale: `${found.slice(0, 5).map((f) => `${f.type === 'fifo' ? 'the FIFO' : 'the file'} ${f.name}`).join(', ')}${found.length > 5 ? ` and ${found.length - 5} more` : ''} ${found.length === 1 ? 'was' : 'were'} left in the working directory` }
      : { title: title ?? `${r} is removed`, passed: true });
  }
  for (const p of c.present ?? []) {
    const r = rel(p);
    out.push(matching(r).length ? { title: title ?? `${r} exists`, passed: true } : { title: title ?? `${r} exists`, passed: false, rationale: `${r} is not in the working directory` });
  }
  return out;
}

export const filesCheck: CheckKind<'files'> = {
  run: checkFiles,
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      absent: { type: 'array', items: { type: 'string' } },
      present: { type: 'array', items: { type: 'string' } },
    },
    description: 'Files in the working directory after the test: absent or present.',
  },
};
