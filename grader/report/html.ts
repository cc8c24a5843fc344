// report.html: every test with its verdict and a picture of its run — the sequence diagram
// (report/sequence-svg.ts) when the result has one, else the timeline of processes as lanes, their
// output lines, signals, exits, and IPC objects created and removed, in time order.
import { boundsLine, FALLBACK_HEADLINE, missingProtections, provenanceLine } from './provenance.js';
import type { GradeResult, TestResult } from '../model.js';
import { clip, exerciseViews, studentBlocks, studentView, testLabel } from './student-view.js';
import { esc, sequenceSvg } from './sequence-svg.js';
import type { Reporter } from './types.js';

const LANE = 26;
const LEFT = 150;
const WIDTH = 900;

export function timelineSvg(t: Pick<TestResult, 'name' | 'processes'>, timeline: TestResult['timeline']): string {
  const events = timeline ?? [];
  const lanes = t.processes.map((p) => p.label);
  const ipcLane = events.some((e) => e.kind === 'ipc');
  const rows = [...lanes, ...(ipcLane ? ['IPC objects'] : [])];
  if (!rows.length) return '';
  const end = Math.max(1, ...events.map((e) => e.ms), ...t.processes.map((p) => p.endMs ?? 0));
  const x = (ms: number) => LEFT + (ms / end) * (WIDTH - LEFT - 20);
  const laneOf = (e: { process?: string; kind: string }) => (e.kind === 'ipc' ? rows.length - 1 : Math.max(0, lanes.indexOf(e.process ?? '')));
  const height = rows.length * LANE + 30;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" role="img" aria-label="timeline of ${esc(t.name)}">`];
  rows.forEach((r, i) => {
    const y = i * LANE + 10;
    parts.push(`<text x="4" y="${y + 15}" class="lane">${esc(r.length > 20 ? `${r.slice(0, 19)}…` : r)}</text>`);
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - 20}" y1="${y + 11}" y2="${y + 11}" class="axis"/>`);
  });
  t.processes.forEach((p, i) => {
    if (p.startMs === undefined) return;
    const y = i * LANE + 10;
    const stop = p.endMs ?? end;
    parts.push(`<rect x="${x(p.startMs)}" y="${y + 5}" width="${Math.max(2, x(stop) - x(p.startMs))}" height="12" class="${p.exit?.code === 0 ? 'ok' : 'bad'}"><title>${esc(`${p.argv.join(' ')} — ${p.exit ? (p.exit.signal ?? `exit ${p.exit.code}`) : 'killed by the harness'}`)}</title></rect>`);
  });
  for (const e of events) {
    const y = laneOf(e) * LANE + 10;
    const cx = x(e.ms);
    const title = `<title>${esc(`${e.ms.toFixed(1)} ms: ${e.stream ? `${e.stream} │ ` : ''}${e.text}`)}</title>`;
    if (e.kind === 'output') parts.push(`<circle cx="${cx}" cy="${y + 11}" r="3" class="out">${title}</circle>`);
    else if (e.kind === 'signal') parts.push(`<path d="M${cx - 5},${y} L${cx + 5},${y} L${cx},${y + 9} Z" class="sig">${title}</path>`);
    else if (e.kind === 'ipc') parts.push(`<rect x="${cx - 4}" y="${y + 7}" width="8" height="8" class="${e.text.endsWith('removed') ? 'gone' : 'ipc'}">${title}</rect>`);
    else if (e.kind === 'timeout' || e.kind === 'orphan') parts.push(`<line x1="${cx}" x2="${cx}" y1="0" y2="${height - 20}" class="alarm">${title}</line>`);
    else if (e.kind === 'sample' || e.kind === 'step') parts.push(`<line x1="${cx}" x2="${cx}" y1="${y}" y2="${y + 22}" class="step">${title}</line>`);
  }
  parts.push(`<text x="${LEFT}" y="${height - 4}" class="tick">0 ms</text><text x="${WIDTH - 20}" y="${height - 4}" text-anchor="end" class="tick">${end.toFixed(0)} ms</text>`);
  parts.push('</svg>');
  return parts.join('');
}

const CSS = `body{font:14px system-ui,sans-serif;margin:2em;max-width:960px;color:#222}
h2{margin-top:1.6em} .passed{color:#1a7f37} .failed,.error{color:#cf222e} .skipped{color:#9a6700}
pre{background:#f6f8fa;padding:.6em;overflow:auto;white-space:pre-wrap}
svg .lane{font:12px monospace;fill:#444} svg .axis{stroke:#ddd} svg .tick{font:11px monospace;fill:#888}
svg .ok{fill:#b4e2c0} svg .bad{fill:#f5b7b1} svg .out{fill:#0969da} svg .sig{fill:#cf222e}
svg .ipc{fill:#8250df} svg .gone{fill:none;stroke:#8250df} svg .alarm{stroke:#cf222e;stroke-dasharray:4 3} svg .step{stroke:#9a6700}
.picture{overflow-x:auto} .picture .note{color:#9a6700}`;

/** The test's sequence diagram and what could not be drawn, or (without a sequence) its timeline. */
function picture(t: TestResult, v: ReturnType<typeof studentView>, id: string): string {
  if (!v.sequence) return timelineSvg(t, v.timeline);
  const notes = (v.sequence.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('');
  return `<div class="picture">${sequenceSvg(v.sequence, { id, name: v.name })}${notes}</div>`;
}

export function renderHtml(r: GradeResult): string {
  let pictures = 0;
  const out: string[] = [`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ipclab report — ${r.points}/${r.maxPoints}</title><style>${CSS}</style></head><body>`];
  out.push(`<h1>ipclab: ${r.points}/${r.maxPoints}</h1><p>${r.counts.passed} passed, ${r.counts.failed} failed${r.counts.skipped ? `, ${r.counts.skipped} skipped` : ''}${r.counts.error ? `, ${r.counts.error} errors` : ''} — ${esc(r.isolation.description)}</p>`);
  for (const e of r.exercises) {
    out.push(`<h2 id="${esc(e.id)}">${esc(e.id)} — ${esc(e.title)}: ${e.points}/${e.maxPoints}</h2>`);
    if (e.build.log) out.push(`<pre>${esc(e.build.log)}</pre>`);
    const views = exerciseViews(e.tests);
    for (const [i, t] of e.tests.entries()) {
      const v = views[i];
      out.push(`<h3 id="${esc(`${e.id}-${t.name}`)}" class="${v.status}">${v.status === 'passed' ? '✔' : v.status === 'skipped' ? '○' : '✘'} ${esc(testLabel(v))} (${v.points}/${v.maxPoints})</h3>`);
      for (const b of studentBlocks(v)) {
        if (b.kind === 'code') out.push(`<p>${esc(b.label)}:</p><pre>${esc(clip(b.text, 20000))}</pre>`);
        else out.push(`<p${b.kind === 'check' ? ' class="failed"' : ''}>${esc(clip(b.text, 5000))}</p>`);
      }
      if (v.shown !== 'verdict-only') out.push(picture(t, v, `seq${++pictures}`));
    }
  }
  const missing = missingProtections(r);
  if (missing.length) out.push(`<h2 class="error">${esc(FALLBACK_HEADLINE)}</h2><ul>${missing.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>`);
  out.push(`<footer><p><small>${esc(provenanceLine(r))}</small></p>${boundsLine(r) ? `<p><small>${esc(boundsLine(r))}</small></p>` : ''}</footer>`);
  out.push('</body></html>\n');
  return out.join('\n');
}

export const htmlReporter: Reporter<'html'> = {
  name: 'html',
  description: 'report.html: every test with a sequence diagram of its run',
  render: (r) => ({ files: { 'report.html': renderHtml(r) } }),
};
