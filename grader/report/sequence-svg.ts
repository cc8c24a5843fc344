// The sequence diagram of one run as a self-contained SVG (no script, no external reference):
// time runs left to right, one lane per process (and one for the test's own input and output),
// arrows for bytes, messages and signals between lanes, marks on the lanes, IPC objects' lifetimes
// below. Every text in it comes from a Sequence whose strings a student's program may have chosen:
// all of it goes through esc().
import type { Sequence, SequenceArrow, SequenceLane, SequenceMark } from '../model.js';
import { visible } from './untrusted.js';

/** HTML/XML-escaped, and control characters shown as report/untrusted.ts shows them everywhere. */
export const esc = (s: string): string =>
  visible(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const TEST_LANE = 'test';
const WIDTH = 960;
const LEFT = 200;
const RIGHT = 30;
const PLOT = WIDTH - LEFT - RIGHT;
/** Marks closer than this on one lane are spread apart (px). */
const GAP = 9;
/** Width of a character of the 11px monospace labels (DejaVu Sans Mono and its kin: 0.602 em), for collision boxes (px). */
export const CHAR = 6.7;
/** Characters of a lane's label line that fit left of the plot (LEFT, from x = 4). */
const LABEL_CHARS = Math.floor((LEFT - 8) / CHAR);

const KINDS: Record<SequenceArrow['kind'], { css: string; word: string }> = {
  pipe: { css: 'pipe', word: 'pipe' },
  fifo: { css: 'fifo', word: 'FIFO' },
  message: { css: 'msg', word: 'message' },
  signal: { css: 'sig', word: 'signal' },
  stdin: { css: 'io', word: 'stdin' },
  stdout: { css: 'io', word: 'stdout' },
};

/** What the arrow's kind is called in text ("pipe", "FIFO", "message"...). */
export const arrowWord = (k: SequenceArrow['kind']) => KINDS[k].word;

const STYLE = `.seq text{font:11px monospace;fill:#444}.seq .lane-label{fill:#222}
.seq .grid{stroke:#eee}.seq .base{stroke:#ccc}.seq .tick{fill:#888}.seq .life{fill:#cfe0f0}
.seq .stop{fill:url(#ID-hatch);stroke:#57606a;stroke-width:.5}.seq .obj{fill:#e4d4fa}.seq .left{fill:#f5b7b1;stroke:#cf222e}
.seq .pipe{stroke:#0969da;fill:#0969da}.seq .fifo{stroke:#1a7f37;fill:#1a7f37}.seq .msg{stroke:#8250df;fill:#8250df}
.seq .sig{stroke:#bc4c00;fill:#bc4c00}.seq .io{stroke:#57606a;fill:#57606a}.seq line.pipe,.seq line.fifo,.seq line.msg,.seq line.sig,.seq line.io,.seq path.arc{stroke-width:1.5;fill:none}
.seq line.sig{stroke-dasharray:5 2}.seq line.io{stroke-dasharray:2 2}.seq .end{stroke:#222;stroke-width:2}.seq .bad{stroke:#cf222e;fill:#cf222e;stroke-width:2}
.seq .out{fill:#0969da}.seq .step{stroke:#9a6700;stroke-width:1.5}.seq .ipc{fill:#8250df}.seq .call{fill:#6e7781}.seq .start{fill:#fff;stroke:#222}
.seq g.arrow text,.seq .exit text,.seq .object text{stroke:#fff;stroke-width:3px;paint-order:stroke;stroke-linejoin:round}.seq .alarm{stroke:#cf222e;stroke-dasharray:4 3}.seq .leader{stroke:#aaa;stroke-width:.7}.seq .lbl-bad{fill:#cf222e}.seq .note{fill:#9a6700}`;

interface Box { x: number; y: number; w: number; h: number }
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The box a one-line label takes at (x, baseline y), with a pixel of margin all round. */
export function labelBox(x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end'): Box {
  const w = [...text].length * CHAR + 2;
  return { x: (anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x) - 1, y: y - 10, w: w + 2, h: 13 };
}

/**
 * Where labels have gone, so the next one goes elsewhere: a label takes the first candidate
 * spot whose box is free, or none (its hover text still says it), so no two labels overlap.
 */
class Placer {
  private boxes: Box[] = [];
  place(cands: Array<{ x: number; y: number }>, text: string, anchor: 'start' | 'middle' | 'end'): { x: number; y: number } | undefined {
    const free = cands.find((c) => this.free(labelBox(c.x, c.y, text, anchor)));
    if (free) this.boxes.push(labelBox(free.x, free.y, text, anchor));
    return free;
  }
  private free(box: Box): boolean {
    return box.x >= 0 && box.x + box.w <= WIDTH && !this.boxes.some((b) => overlaps(b, box));
  }
  reserve(b: Box): void {
    this.boxes.push(b);
  }
}

/** A round step (1, 2 or 5 × 10^k) giving about `count` ticks over `end`. */
export function niceStep(end: number, count = 8): number {
  const raw = Math.max(end, 1e-3) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw - 1e-12)!;
}

export function tickLabel(ms: number, step: number): string {
  if (step >= 1000) return `${+(ms / 1000).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1000))))} s`;
  return `${+ms.toFixed(Math.max(0, -Math.floor(Math.log10(step))))} ms`;
}

/**
 * Positions for sorted xs at least `gap` apart within [lo, hi], each as near its own x as that
 * allows (a forward pass pushes right, a backward pass pulls back from hi). Needs
 * (xs.length - 1) * gap <= hi - lo.
 */
export function spread(xs: number[], gap: number, lo: number, hi: number): number[] {
  const out = xs.map((x) => Math.min(hi, Math.max(lo, x)));
  for (let i = 1; i < out.length; i++) out[i] = Math.max(out[i], out[i - 1] + gap);
  if (out.length && out[out.length - 1] > hi) out[out.length - 1] = hi;
  for (let i = out.length - 2; i >= 0; i--) out[i] = Math.min(out[i], out[i + 1] - gap);
  return out;
}

interface Group { marks: SequenceMark[]; x: number }

/** Marks of one lane in groups few enough to spread over the lane: none merge if all fit; else neighbours of one kind, then any neighbours. */
export function groupMarks(marks: SequenceMark[], xOf: (ms: number) => number, capacity: number): Group[] {
  const sorted = [...marks].sort((a, b) => a.ms - b.ms);
  for (let within = 0, anyKind = false; ; within = within ? within * 2 : GAP) {
    const groups: Group[] = [];
    for (const m of sorted) {
      const g = groups[groups.length - 1];
      const same = g && (anyKind || (g.marks[0].kind === m.kind && !!g.marks[0].bad === !!m.bad));
      if (g && same && xOf(m.ms) - g.x < within) g.marks.push(m);
      else groups.push({ marks: [m], x: xOf(m.ms) });
    }
    if (groups.length <= capacity) return groups;
    if (within > PLOT) anyKind = true;
  }
}

/** The run's lanes in drawing order: the test's own lane first when arrows use it. */
function lanesOf(seq: Sequence): SequenceLane[] {
  const usesTest = seq.arrows.some((a) => a.from === TEST_LANE || a.to === TEST_LANE) && !seq.lanes.some((l) => l.id === TEST_LANE);
  return [...(usesTest ? [{ id: TEST_LANE, label: 'the test (stdin, stdout)', stopped: [] }] : []), ...seq.lanes];
}

const f1 = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : 0);
const ms = (n: number) => `${f1(n).toFixed(1)} ms`;
/** At most n characters, cut in the middle: lanes often differ only at the end ("… #12"). */
const short = (s: string, n = LABEL_CHARS) => {
  if (s.length <= n) return s;
  const tail = Math.floor((n - 1) * 0.4);
  return `${s.slice(0, n - 1 - tail)}…${s.slice(s.length - tail)}`;
};
const title = (s: string) => `<title>${esc(s)}</title>`;

/**
 * A label in at most `lines` lines of n characters: broken after a space or comma nearest the
 * middle, the rest cut in the middle (the hover text has it whole).
 */
export function wrapLabel(s: string, n: number, lines: number): string[] {
  if (s.length <= n || lines < 2) return [short(s, n)];
  const breaks = [...s.matchAll(/[ ,]/g)].map((m) => m.index! + 1).filter((i) => i <= n && i > 1);
  if (!breaks.length) return [short(s, n)];
  const at = breaks.reduce((best, i) => (Math.abs(i - s.length / 2) < Math.abs(best - s.length / 2) && s.length - i <= n ? i : best), breaks[breaks.length - 1]);
  return [s.slice(0, at).trimEnd(), ...wrapLabel(s.slice(at).trimStart(), n, lines - 1)];
}

/** A lane's or object's label, in two lines when its row has room for them, with its whole text as hover. */
function rowLabel(label: string, x: number, cy: number, rowHeight: number, n: number, cls: string): string {
  const lines = wrapLabel(label, n, rowHeight >= 30 ? 2 : 1);
  const y0 = cy + 4 - ((lines.length - 1) * 12) / 2;
  const spans = lines.length === 1 ? esc(lines[0]) : lines.map((l, i) => `<tspan x="${x}" y="${y0 + i * 12}">${esc(l)}</tspan>`).join('');
  return `<text x="${x}" y="${y0}"${cls ? ` class="${cls}"` : ''}>${title(label)}${spans}</text>`;
}

/** An exit drawn as an ordinary end: status 0 or what the test's checks wanted. */
export const ordinaryExit = (e: NonNullable<SequenceLane['exit']>) => e.expected === true || (e.code === 0 && !e.signal);
export const exitWords = (e: NonNullable<SequenceLane['exit']>) => (e.signal ? `killed by ${e.signal}` : `exit ${e.code ?? '?'}`);

export interface SvgOptions {
  /** Prefix for the SVG's ids (pattern, markers): unique within the page. Not from student text. */
  id: string;
  /** What the picture is of, for its accessible name. */
  name: string;
}

export function sequenceSvg(seq: Sequence, opts: SvgOptions): string {
  const id = opts.id.replace(/[^A-Za-z0-9_-]/g, '');
  const lanes = lanesOf(seq);
  const rows = lanes.length + seq.objects.length;
  const LH = rows > 16 ? 20 : rows > 8 ? 30 : 44;
  const end = Math.max(1, seq.endMs, ...seq.arrows.map((a) => Math.max(a.startMs, a.endMs)), ...seq.marks.map((m) => m.ms));
  const x = (t: number) => LEFT + (Math.min(Math.max(f1(t), 0), end) / end) * PLOT;
  const legend = legendSvg(id, seq.traced);
  const top = legend.height + 26;
  const laneY = new Map(lanes.map((l, i) => [l.id, top + i * LH + LH / 2]));
  const objTop = top + lanes.length * LH + (seq.objects.length ? 20 : 0);
  const height = objTop + seq.objects.length * LH + 24;
  const placer = new Placer();
  const p: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="seq" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(`sequence diagram of ${opts.name}`)}">`,
    `<style>${STYLE.replace(/ID-/g, `${id}-`)}</style>`,
    defs(id),
    legend.svg,
  ];
  p.push(...ticks(end, x, top - 6, height - 18));
  lanes.forEach((l, i) => p.push(laneSvg(l, top + i * LH + LH / 2, LH, end, x)));
  if (seq.objects.length) p.push(`<text x="4" y="${objTop - 2}" class="lane-label">IPC objects</text>`);
  seq.objects.forEach((o, i) => p.push(objectSvg(o, objTop + i * LH + LH / 2, LH, end, x, placer)));
  const exitMarked = new Set(seq.marks.filter((m) => m.kind === 'exit').map((m) => m.lane));
  for (const l of lanes) if (!exitMarked.has(l.id)) p.push(exitSvg(l, laneY.get(l.id)!, x, placer));
  p.push(...marksSvg(seq.marks, laneY, x, placer, top - 6, height - 18));
  const labelOf = new Map(lanes.map((l) => [l.id, l.label]));
  for (const a of seq.arrows) p.push(arrowSvg(a, laneY, labelOf, x, placer, id));
  p.push('</svg>');
  return p.join('\n');
}

function defs(id: string): string {
  const heads = ['pipe', 'fifo', 'msg', 'sig', 'io']
    .map((c) => `<marker id="${id}-${c}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 Z" class="${c}"/></marker>`);
  return `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eaeef2"/><line x1="0" y1="0" x2="0" y2="6" stroke="#57606a" stroke-width="2"/></pattern>${heads.join('')}</defs>`;
}

function legendSvg(id: string, traced: boolean): { svg: string; height: number } {
  const items: Array<[string, string]> = [
    ['lifetime', '<rect x="0" y="-5" width="18" height="10" class="life"/>'],
    ['stopped', `<rect x="0" y="-5" width="18" height="10" class="stop"/>`],
    ['pipe', `<line x1="0" x2="18" y1="0" y2="0" class="pipe" marker-end="url(#${id}-pipe)"/>`],
    ['FIFO', `<line x1="0" x2="18" y1="0" y2="0" class="fifo" marker-end="url(#${id}-fifo)"/>`],
    ['message', `<line x1="0" x2="18" y1="0" y2="0" class="msg" marker-end="url(#${id}-msg)"/>`],
    ['signal', `<line x1="0" x2="18" y1="0" y2="0" class="sig" marker-end="url(#${id}-sig)"/>`],
    ['stdin/stdout', `<line x1="0" x2="18" y1="0" y2="0" class="io" marker-end="url(#${id}-io)"/>`],
    ['end', '<line x1="9" x2="9" y1="-6" y2="6" class="end"/>'],
    ['failure', '<path d="M4,-5 L14,5 M14,-5 L4,5" class="bad"/>'],
    ['output', '<circle cx="9" cy="0" r="3" class="out"/>'],
    ['call', '<path d="M9,-4 L13,0 L9,4 L5,0 Z" class="call"/>'],
    ['IPC call', '<rect x="5.5" y="-3.5" width="7" height="7" class="ipc"/>'],
    ['IPC object', '<rect x="0" y="-4" width="18" height="8" class="obj"/>'],
    ['left behind', '<rect x="0" y="-4" width="18" height="8" class="left"/>'],
  ];
  const out: string[] = ['<g class="legend">'];
  let cx = 4;
  let y = 14;
  for (const [word, glyph] of items) {
    const w = 24 + word.length * CHAR + 14;
    if (cx + w > WIDTH - 4) {
      cx = 4;
      y += 18;
    }
    out.push(`<g transform="translate(${cx},${y})">${glyph}<text x="24" y="4">${word}</text></g>`);
    cx += w;
  }
  if (!traced) {
    y += 18;
    out.push(`<text x="4" y="${y + 4}" class="note">not traced: only what the harness saw (no pipe, FIFO or message arrows)</text>`);
  }
  out.push('</g>');
  return { svg: out.join(''), height: y + 8 };
}

function ticks(end: number, x: (t: number) => number, y0: number, y1: number): string[] {
  const step = niceStep(end);
  const out: string[] = [`<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${y1}" y2="${y1}" class="base"/>`];
  for (let i = 0; i * step <= end + 1e-9; i++) {
    const t = i * step;
    out.push(`<g class="tick-mark"><line x1="${x(t)}" x2="${x(t)}" y1="${y0}" y2="${y1}" class="grid"/><text x="${x(t)}" y="${y1 + 13}" text-anchor="middle" class="tick">${tickLabel(t, step)}</text></g>`);
  }
  return out;
}

function laneSvg(l: SequenceLane, cy: number, LH: number, end: number, x: (t: number) => number): string {
  const out = [`<g class="lane" data-lane="${esc(l.id)}">${rowLabel(l.label, 4, cy, LH, LABEL_CHARS, 'lane-label')}`];
  out.push(`<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${cy}" y2="${cy}" class="base"/>`);
  if (l.id !== TEST_LANE) {
    const s = l.startMs ?? 0;
    const e = l.endMs ?? end;
    const life = `${l.label}: ${l.startMs === undefined ? 'running from the start' : `started at ${ms(s)}`}, ${l.endMs === undefined ? 'still running at the end' : `${l.exit ? exitWords(l.exit) : 'ended'} at ${ms(e)}`}`;
    out.push(`<rect x="${x(s)}" y="${cy - LH / 4}" width="${Math.max(2, x(e) - x(s))}" height="${LH / 2}" class="life">${title(life)}</rect>`);
    for (const [a, b] of l.stopped) {
      out.push(`<rect x="${x(a)}" y="${cy - LH / 4}" width="${Math.max(2, x(b) - x(a))}" height="${LH / 2}" class="stop" data-stopped="${f1(a)}-${f1(b)}">${title(`${l.label}: stopped (SIGSTOP) from ${ms(a)} to ${ms(b)}`)}</rect>`);
    }
  }
  out.push('</g>');
  return out.join('');
}

function exitSvg(l: SequenceLane, cy: number, x: (t: number) => number, placer: Placer): string {
  if (!l.exit || l.endMs === undefined) return '';
  const cx = x(l.endMs);
  const ok = ordinaryExit(l.exit);
  const words = exitWords(l.exit);
  const glyph = ok ? `<line x1="${cx}" x2="${cx}" y1="${cy - 8}" y2="${cy + 8}" class="end"/>` : `<path d="M${cx - 5},${cy - 5} L${cx + 5},${cy + 5} M${cx + 5},${cy - 5} L${cx - 5},${cy + 5}" class="bad"/>`;
  placer.reserve({ x: cx - 6, y: cy - 8, w: 12, h: 16 });
  const show = !(l.exit.code === 0 && !l.exit.signal);
  // right of the end, else left of it (an end near the right edge), then a row below
  const left = cx - 8 - labelBox(0, 0, words, 'start').w;
  const at = show ? placer.place([{ x: cx + 6, y: cy + 4 }, { x: cx + 6, y: cy - 8 }, { x: left, y: cy + 4 }, { x: left, y: cy - 8 }, { x: cx - 8, y: cy + 16 }, { x: left, y: cy + 16 }], words, 'start') : undefined;
  const label = at ? `<text x="${at.x}" y="${at.y}"${ok ? '' : ' class="lbl-bad"'}>${esc(words)}</text>` : '';
  const why = `${l.label}: ${words} at ${ms(l.endMs)}${l.exit.expected ? ' (as the test expects)' : ''}`;
  return `<g class="exit${ok ? '' : ' bad-exit'}" data-lane="${esc(l.id)}" data-ms="${f1(l.endMs)}">${title(why)}${glyph}${label}</g>`;
}

function objectSvg(o: Sequence['objects'][number], cy: number, LH: number, end: number, x: (t: number) => number, placer: Placer): string {
  const s = o.startMs ?? 0;
  const e = o.endMs ?? end;
  const when = `${o.startMs === undefined ? 'there from the start' : `created at ${ms(s)}`}, ${o.leftover ? 'left behind at the end' : o.endMs === undefined ? 'not seen removed' : `removed at ${ms(e)}`}`;
  const out = [`<g class="object${o.leftover ? ' leftover' : ''}">${rowLabel(o.label, 14, cy, LH, LABEL_CHARS - 2, '')}`];
  out.push(`<rect x="${x(s)}" y="${cy - 5}" width="${Math.max(2, x(e) - x(s))}" height="10" class="${o.leftover ? 'left' : 'obj'}">${title(`${o.label}: ${when}`)}</rect>`);
  if (o.leftover) {
    const at = placer.place([{ x: x(e) - 2, y: cy + 4 }, { x: x(e) - 2, y: cy - 7 }, { x: x(e) - 2, y: cy + 16 }], 'left behind', 'end');
    if (at) out.push(`<text x="${at.x}" y="${at.y}" text-anchor="end" class="lbl-bad">left behind</text>`);
  }
  out.push('</g>');
  return out.join('');
}

function marksSvg(marks: SequenceMark[], laneY: Map<string, number>, x: (t: number) => number, placer: Placer, y0: number, y1: number): string[] {
  const out: string[] = [];
  for (const m of marks.filter((k) => k.kind === 'timeout')) {
    out.push(`<g class="mark" data-kind="timeout" data-ms="${f1(m.ms)}"${m.bad ? ' data-bad="true"' : ''}>${title(markTitle([m]))}<line x1="${x(m.ms)}" x2="${x(m.ms)}" y1="${y0}" y2="${y1}" class="alarm"/></g>`);
  }
  const byLane = new Map<string, SequenceMark[]>();
  for (const m of marks) if (m.kind !== 'timeout' && laneY.has(m.lane)) byLane.set(m.lane, [...(byLane.get(m.lane) ?? []), m]);
  for (const [lane, ms] of byLane) {
    const cy = laneY.get(lane)!;
    const groups = groupMarks(ms, x, Math.floor(PLOT / GAP) + 1);
    const xs = spread(groups.map((g) => g.x), GAP, LEFT, LEFT + PLOT);
    groups.forEach((g, i) => {
      const cx = xs[i];
      const m = g.marks[0];
      const bad = g.marks.some((k) => k.bad);
      const leader = Math.abs(cx - g.x) > 1.5 ? `<line x1="${g.x}" x2="${cx}" y1="${cy + 9}" y2="${cy + 4}" class="leader"/>` : '';
      placer.reserve({ x: cx - 5, y: cy - 7, w: 10, h: 14 });
      const n = `×${g.marks.length}`;
      const spot = g.marks.length > 1 ? placer.place([{ x: cx, y: cy - 9 }, { x: cx, y: cy + 17 }], n, 'middle') : undefined;
      const count = spot ? `<text x="${spot.x}" y="${spot.y}" text-anchor="middle">${n}</text>` : '';
      out.push(`<g class="mark" data-kind="${esc(m.kind)}" data-lane="${esc(lane)}" data-ms="${f1(m.ms)}"${g.marks.length > 1 ? ` data-count="${g.marks.length}"` : ''}${bad ? ' data-bad="true"' : ''}>${title(markTitle(g.marks))}${leader}${glyph(m.kind, cx, cy, bad)}${count}</g>`);
    });
  }
  return out;
}

function markTitle(marks: SequenceMark[]): string {
  const lines = marks.slice(0, 12).map((m) => `${ms(m.ms)}: ${m.label}${m.detail ? `\n  ${m.detail}` : ''}`);
  return [...lines, ...(marks.length > 12 ? [`… and ${marks.length - 12} more`] : [])].join('\n');
}

function glyph(kind: SequenceMark['kind'], cx: number, cy: number, bad: boolean): string {
  if (bad && kind !== 'signal') return `<path d="M${cx - 4},${cy - 4} L${cx + 4},${cy + 4} M${cx + 4},${cy - 4} L${cx - 4},${cy + 4}" class="bad"/>`;
  switch (kind) {
    case 'start': return `<circle cx="${cx}" cy="${cy}" r="3.5" class="start"/>`;
    case 'exit': return `<line x1="${cx}" x2="${cx}" y1="${cy - 8}" y2="${cy + 8}" class="end"/>`;
    case 'signal': return `<path d="M${cx - 5},${cy - 10} L${cx + 5},${cy - 10} L${cx},${cy - 2} Z" class="${bad ? 'bad' : 'sig'}"/>`;
    case 'output': return `<circle cx="${cx}" cy="${cy}" r="3" class="out"/>`;
    case 'ipc': return `<rect x="${cx - 3.5}" y="${cy - 3.5}" width="7" height="7" class="ipc"/>`;
    case 'call': return `<path d="M${cx},${cy - 4} L${cx + 4},${cy} L${cx},${cy + 4} L${cx - 4},${cy} Z" class="call"/>`;
    default: return `<line x1="${cx}" x2="${cx}" y1="${cy - 9}" y2="${cy + 9}" class="step"/>`;
  }
}

/**
 * Where an arrow's label may go, best first: beside the line (right, then left of it) at points
 * along it, then staggered rows above and below, then further right — so that the labels of
 * arrows close in time take different spots.
 */
function arrowSpots(x1: number, y1: number, x2: number, y2: number, loop: boolean, w: number): Array<{ x: number; y: number }> {
  if (loop) {
    const mx = (x1 + x2) / 2 + 7;
    return [-18, 14, -30, 26].map((dy) => ({ x: mx, y: y1 + dy }));
  }
  const at = (t: number) => ({ x: x1 + (x2 - x1) * t, y: y1 + (y2 - y1) * t });
  const out: Array<{ x: number; y: number }> = [];
  for (const t of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    const p = at(t);
    for (const dy of [4, -4, 14, -14]) out.push({ x: p.x + 6, y: p.y + dy }, { x: p.x - 6 - w, y: p.y + dy });
  }
  const mid = at(0.5);
  for (let k = 1; k <= 3; k++) for (const dy of [4, -8, 16]) out.push({ x: mid.x + 6 + k * (w + 2), y: mid.y + dy }, { x: mid.x - 6 - (k + 1) * (w + 2), y: mid.y + dy });
  return out;
}

function arrowSvg(a: SequenceArrow, laneY: Map<string, number>, labelOf: Map<string, string>, x: (t: number) => number, placer: Placer, id: string): string {
  const y1 = laneY.get(a.from);
  const y2 = laneY.get(a.to);
  if (y1 === undefined || y2 === undefined) return '';
  const { css, word } = KINDS[a.kind] ?? KINDS.pipe;
  const x1 = x(a.startMs);
  const x2 = Math.max(x(a.endMs), x1);
  const head = `marker-end="url(#${id}-${css})"`;
  const body = a.from === a.to
    ? `<path d="M${x1},${y1} C${x1 + 14},${y1 - 22} ${x2 + 14},${y1 - 22} ${x2 + 1},${y1 - 2}" class="arc ${css}" ${head}/>`
    : `<line x1="${x1}" y1="${y1 + (y2 > y1 ? 4 : -4)}" x2="${x2}" y2="${y2 + (y2 > y1 ? -5 : 5)}" class="${css}" ${head}/>`;
  // a label with no free spot is left out: the hover text still has it
  const spot = placer.place(arrowSpots(x1, y1, x2, y2, a.from === a.to, labelBox(0, 0, a.label, 'start').w), a.label, 'start');
  const hover = `${word} ${a.label}: ${labelOf.get(a.from)} → ${labelOf.get(a.to)}, ${ms(a.startMs)}${a.endMs !== a.startMs ? ` → ${ms(a.endMs)}` : ''}${a.detail ? `\n${a.detail}` : ''}`;
  const data = `data-kind="${esc(a.kind)}" data-from="${esc(a.from)}" data-to="${esc(a.to)}" data-start-ms="${f1(a.startMs)}" data-end-ms="${f1(a.endMs)}" data-label="${esc(a.label)}"`;
  return `<g class="arrow" ${data}>${title(hover)}${body}${spot ? `<text x="${spot.x}" y="${spot.y}" class="${css}">${esc(a.label)}</text>` : ''}</g>`;
}
