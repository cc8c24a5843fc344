// The sequence diagram: what report.html draws from TestResult.sequence, and --verbose's text of it,
// on hand-made Sequences of pipe-copy's mechanism test and msgq-ping-pong's crossed replies.
import type { Sequence, SequenceMark } from '../../../grader/model.js';
import { renderHtml } from '../../../grader/report/html.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupMarks, niceStep, sequenceSvg, spread, tickLabel, wrapLabel } from '../../../grader/report/sequence-svg.js';
import { packageRoot } from '../../../harness/settings.js';
import { studentView } from '../../../grader/report/student-view.js';
import { renderTerminal } from '../../../grader/report/terminal.js';
import { exercise, failing, result, test } from './fixtures.js';
import { crossedRepliesSequence, pipeCopySequence, withSequence } from './sequences.js';

const svg = (seq: Sequence) => sequenceSvg(seq, { id: 't1', name: 'the test' });

/** The attributes of every element whose class attribute is exactly `cls`, as the SVG text has them. */
function elements(text: string, cls: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const m of text.matchAll(/<(\w+)((?:\s+[\w-]+="[^"]*")*)\s*\/?>/g)) {
    const attrs = Object.fromEntries([...m[2].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    if (attrs.class === cls) out.push(attrs);
  }
  return out;
}
const arrows = (text: string) => elements(text, 'arrow').map((a) => ({ kind: a['data-kind'], from: a['data-from'], to: a['data-to'], label: a['data-label'], start: Number(a['data-start-ms']) }));
/** Sequences recorded from real traced runs: msgq-ping-pong's ten-clients (12 lanes, 39 arrows, many close in time), fifo-seqnum's fifty-clients (52 lanes, 151 arrows). */
const recorded = (name: string): Sequence => JSON.parse(readFileSync(join(packageRoot(), 'test', 'fixtures', 'sequences', `${name}.json`), 'utf8'));

/**
 * Every label line outside the legend as the browser lays it out: 11px monospace is 0.602 em a
 * character (DejaVu Sans Mono, Liberation Mono), ascent 9 px above the baseline, descent 3 below.
 */
function labelBoxes(svgText: string): Array<{ text: string; x: number; y: number; w: number; h: number }> {
  const body = svgText.replace(/<g class="legend">.*?<\/g><\/g>/s, '').replace(/<title>[^<]*<\/title>/g, '');
  const out: Array<{ text: string; x: number; y: number; w: number; h: number }> = [];
  const add = (attrs: string, text: string, anchor: string) => {
    const x = Number(/\bx="([-\d.]+)"/.exec(attrs)![1]);
    const y = Number(/\by="([-\d.]+)"/.exec(attrs)![1]);
    const chars = [...text.replace(/&(amp|lt|gt|quot|#39);/g, '_')].length;
    const w = chars * 11 * 0.602;
    out.push({ text, x: anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x, y: y - 9, w, h: 12 });
  };
  for (const m of body.matchAll(/<text([^>]*)>(.*?)<\/text>/gs)) {
    const anchor = /text-anchor="(\w+)"/.exec(m[1])?.[1] ?? 'start';
    const spans = [...m[2].matchAll(/<tspan([^>]*)>([^<]*)<\/tspan>/g)];
    if (spans.length) for (const sp of spans) add(sp[1], sp[2], anchor);
    else add(m[1], m[2], anchor);
  }
  return out;
}
const ticks = (text: string) => [...text.matchAll(/<text [^>]*class="tick">([^<]*)<\/text>/g)].map((m) => m[1]);

describe('sequence diagram (report/sequence-svg.ts)', () => {
  it('pipe-copy: the bytes flow from the test to main, through the pipe to its child, and from the child to stdout', () => {
    const text = svg(pipeCopySequence());
    const a = arrows(text);
    expect(a.filter((x) => x.start < 10)).toEqual([
      { kind: 'stdin', from: 'test', to: 'main', label: '17 bytes', start: 1.6 },
      { kind: 'pipe', from: 'main', to: 'main/1', label: '17 bytes', start: 2.6 },
      { kind: 'stdout', from: 'main/1', to: 'test', label: '17 bytes', start: 3.6 },
    ]);
    expect(a).toHaveLength(6);
    // one lane per process, and one for the test's own input and output
    expect(elements(text, 'lane').map((l) => l['data-lane'])).toEqual(['test', 'main', 'main/1']);
    expect(text).toContain('`pipe_copy`, child of `main`');
    // hover text carries the calls
    expect(text).toContain('<title>pipe 17 bytes: main → `pipe_copy`, child of `main`, 2.6 ms → 3.4 ms\nwrite(4, &quot;through the pipe\\n&quot;, 17) = 17 in `main`');
  });

  it("msgq-ping-pong's crossed replies: the reply sent for `first` is received by `second`", () => {
    const text = svg(crossedRepliesSequence());
    const messages = arrows(text).filter((x) => x.kind === 'message');
    expect(messages).toEqual([
      { kind: 'message', from: 'first', to: 'server', label: 'type 1', start: 9 },
      { kind: 'message', from: 'second', to: 'server', label: 'type 1', start: 14.9 },
      { kind: 'message', from: 'server', to: 'second', label: 'type 4242', start: 30.7 },
      { kind: 'message', from: 'server', to: 'first', label: 'type 4243', start: 31.3 },
    ]);
    expect(text).toContain('the reply for `first`, pid 4242)\nmsgrcv(32769, {4242, &quot;alpha&quot;}, 512, 0, 0) = 5 in `second`');
    // signals from the test's script, periods stopped shaded, the failing outputs red
    expect(arrows(text).filter((x) => x.kind === 'signal').map((x) => `${x.to} ${x.label}`)).toEqual(['server SIGSTOP', 'first SIGSTOP', 'second SIGSTOP', 'server SIGCONT', 'second SIGCONT', 'first SIGCONT']);
    expect(elements(text, 'stop').filter((s) => s['data-stopped']).map((s) => s['data-stopped'])).toEqual(['6.1-30', '24.9-62.4', '25.3-51']);
    expect(elements(text, 'mark').filter((m) => m['data-bad']).map((m) => `${m['data-lane']} ${m['data-ms']}`).sort()).toEqual(['first 63.3', 'second 52']);
    // expected exits 0 are ordinary ends; the queue was removed, so its bar is not red
    expect(elements(text, 'exit').map((e) => e['data-lane'])).toEqual(['server', 'first', 'second']);
    expect(elements(text, 'object')).toHaveLength(1);
  });

  it('has a legend, round time ticks and a note when the run was not traced', () => {
    const text = svg(pipeCopySequence());
    const legend = /<g class="legend">(.*?)<\/g><\/g>/s.exec(text)?.[0] ?? '';
    for (const word of ['lifetime', 'stopped', 'pipe', 'FIFO', 'message', 'signal', 'stdin/stdout', 'end', 'failure', 'IPC object', 'left behind']) expect(legend).toContain(`>${word}<`);
    expect(ticks(text)).toEqual(['0 ms', '10 ms', '20 ms', '30 ms', '40 ms']);
    expect(ticks(svg(crossedRepliesSequence()))).toEqual(['0 ms', '10 ms', '20 ms', '30 ms', '40 ms', '50 ms', '60 ms', '70 ms']);
    expect(text).not.toContain('not traced');
    expect(svg({ ...pipeCopySequence(), traced: false, arrows: [] })).toContain('not traced: only what the harness saw');
  });

  it('ticks are 1, 2 or 5 times a power of ten, in ms or s', () => {
    expect([niceStep(48.6), niceStep(71.3), niceStep(4800), niceStep(0.5), niceStep(150)]).toEqual([10, 10, 1000, 0.1, 20]);
    expect([tickLabel(0, 1000), tickLabel(3000, 1000), tickLabel(0.3, 0.1), tickLabel(2500, 500)]).toEqual(['0 s', '3 s', '0.3 ms', '2500 ms']);
    const long = svg({ ...pipeCopySequence(), endMs: 12_345 });
    expect(ticks(long)).toEqual(['0 s', '2 s', '4 s', '6 s', '8 s', '10 s', '12 s']);
  });

  it('an expected exit status is an ordinary end; an unexpected one and a bad mark are red; a leftover object is red', () => {
    const base = pipeCopySequence();
    const lanes = (exit: Sequence['lanes'][number]['exit']) => [{ ...base.lanes[0], exit }];
    const expected = svg({ ...base, lanes: lanes({ code: 1, expected: true }), arrows: [], marks: [] });
    expect(elements(expected, 'exit')).toHaveLength(1);
    expect(elements(expected, 'exit bad-exit')).toHaveLength(0);
    expect(expected).toContain('>exit 1</text>');
    const unexpected = svg({ ...base, lanes: lanes({ code: 1 }), arrows: [], marks: [] });
    expect(elements(unexpected, 'exit bad-exit')).toHaveLength(1);
    const killed = svg({ ...base, lanes: lanes({ signal: 'SIGKILL' }), arrows: [], marks: [] });
    expect(killed).toContain('killed by SIGKILL');
    const left = svg({ ...base, objects: [{ label: 'queue 0x1234', startMs: 3, leftover: true }] });
    expect(elements(left, 'object leftover')).toHaveLength(1);
    expect(left).toContain('class="lbl-bad">left behind</text>');
    expect(left).toContain('queue 0x1234: created at 3.0 ms, left behind at the end');
  });

  it('spreads marks that would pile up, and groups them when too many to spread', () => {
    const piled: SequenceMark[] = Array.from({ length: 30 }, (_, i) => ({ lane: 'main', ms: 47, kind: 'output', label: `line ${i}` }));
    const text = svg({ ...pipeCopySequence(), marks: piled });
    const xs = [...text.matchAll(/<g class="mark" data-kind="output"[^>]*><title>[^<]*<\/title>(?:<line[^>]*\/>)?<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(30);
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(9 - 1e-9);
    expect(Math.max(...xs)).toBeLessThanOrEqual(930);
    expect(spread([10, 10, 10], 5, 0, 12)).toEqual([2, 7, 12]);
    // 5000 output lines: grouped, every one counted, none lost
    const many: SequenceMark[] = Array.from({ length: 5000 }, (_, i) => ({ lane: 'main', ms: i / 100, kind: 'output', label: `line ${i}` }));
    const groups = groupMarks(many, (ms) => ms * 10, 81);
    expect(groups.length).toBeLessThanOrEqual(81);
    expect(groups.reduce((n, g) => n + g.marks.length, 0)).toBe(5000);
    const big = svg({ ...pipeCopySequence(), marks: many });
    const counts = elements(big, 'mark').map((m) => Number(m['data-count'] ?? 1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(big).toContain('… and ');
  });

  it('50 lanes fit in a page-wide picture of sensible height', () => {
    const lanes = Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, label: `worker ${i}, child of \`main\``, startMs: i, endMs: 100 + i, stopped: [] as Array<[number, number]>, exit: { code: 0 } }));
    const text = svg({ traced: true, endMs: 160, lanes, arrows: lanes.slice(1).map((l, i) => ({ kind: 'pipe' as const, from: 'p0', to: l.id, startMs: i, endMs: i + 1, label: `${i} bytes` })), marks: [], objects: [] });
    const [, w, h] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(text)!.map(Number);
    expect(w).toBe(960);
    expect(h).toBeLessThan(1200);
    expect(arrows(text)).toHaveLength(49);
  });

  it.each([['ten-clients', 39], ['fifty-clients', 151]])('no two labels overlap in a dense recorded sequence (%s), and most arrows keep theirs', (name, arrowCount) => {
    const seq = recorded(name);
    const text = svg(seq);
    const boxes = labelBoxes(text);
    const clash = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => `${a.text} @${a.x.toFixed(0)},${a.y} / ${b.text} @${b.x.toFixed(0)},${b.y}`));
    expect(clash).toEqual([]);
    expect(boxes.every((b) => b.x >= 0 && b.x + b.w <= 960)).toBe(true);
    // a label left out is still the arrow's hover text; most are drawn
    const drawn = [...text.matchAll(/<g class="arrow"[^>]*>(?:<title>[^<]*<\/title>)[^]*?(<text[^>]*>[^<]*<\/text>)?<\/g>/g)].filter((m) => m[1]).length;
    expect(seq.arrows.length).toBe(arrowCount);
    expect(drawn).toBeGreaterThanOrEqual(Math.ceil(seq.arrows.length * 0.95));
  });

  it('a long lane or object label wraps to two lines, cut in the middle beyond, its whole text the hover', () => {
    expect(wrapLabel('message queue 0x1234 (id 32769)', 26, 2)).toEqual(['message queue', '0x1234 (id 32769)']);
    expect(wrapLabel('`msg_client`, child of `client[3]`, child of `driver`', 28, 2)).toEqual(['`msg_client`, child of', '`client[3]`, chil…f `driver`']);
    expect(wrapLabel('short', 28, 2)).toEqual(['short']);
    const seq: Sequence = { ...pipeCopySequence(), objects: [{ label: 'message queue 0x1234abcd (id 32769), removed by `server`', startMs: 1, endMs: 40, leftover: false }] };
    const text = svg(seq);
    expect(text).toContain('<title>message queue 0x1234abcd (id 32769), removed by `server`</title><tspan');
    const object = /<g class="object">.*?<\/g>/s.exec(text)![0];
    const lines = labelBoxes(object);
    expect(lines.map((l) => l.text)).toEqual(['message queue 0x1234abcd', '(id 32769), rem…y `server`']);
    // both left of the plot (x = 200), one above the other
    expect(lines.every((b) => b.x + b.w <= 200)).toBe(true);
    expect(lines[1].y - lines[0].y).toBeGreaterThanOrEqual(12);
  });

  it('escapes every string and has no active content', () => {
    const evil = '<img src=x onerror=alert(1)>"\x1b[2J\u202e</svg><script>alert(2)</script>';
    const seq: Sequence = {
      traced: true,
      endMs: 10,
      lanes: [{ id: `a"${evil}`, label: evil, startMs: 0, endMs: 5, stopped: [[1, 2]], exit: { signal: evil } }, { id: 'b', label: 'b', stopped: [] }],
      arrows: [{ kind: 'fifo', from: `a"${evil}`, to: 'b', startMs: 1, endMs: 2, label: evil, detail: evil }, { kind: 'evil' as 'pipe', from: 'b', to: 'b', startMs: 3, endMs: 4, label: 'x' }],
      marks: [{ lane: 'b', ms: 3, kind: 'call', label: evil, detail: evil }, { lane: 'b', ms: 4, kind: evil as 'call', label: evil }],
      objects: [{ label: evil, leftover: true }],
      notes: [evil],
    };
    const text = sequenceSvg(seq, { id: 'x"><script>', name: evil });
    expect(text).not.toMatch(/<img|<script|onerror=alert\(1\)>|\x1b|\u202e/);
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;\\x1b[2J\\u202e');
    const tags = new Set([...text.matchAll(/<(\w+)/g)].map((m) => m[1]));
    expect([...tags].filter((t) => !['svg', 'style', 'defs', 'pattern', 'rect', 'line', 'marker', 'path', 'g', 'text', 'tspan', 'title', 'circle'].includes(t))).toEqual([]);
    const attrs = new Set([...text.matchAll(/\s([\w-]+)="/g)].map((m) => m[1]));
    expect([...attrs].filter((a) => /^on|href/i.test(a))).toEqual([]);
    expect(text).not.toMatch(/url\((?!#xscript-)/);
    // and in the page around it: the notes too
    const html = renderHtml(result([exercise('ex', [test(withSequence('t', seq))])]));
    expect(html).not.toMatch(/<img|<script|\x1b/);
    expect(html).toContain('<p class="note">&lt;img');
  });
});

describe('the sequence in report.html and --verbose', () => {
  const graded = () => result([exercise('pipe-copy', [test(withSequence('mechanism', pipeCopySequence(), { status: 'passed', reason: undefined })), test({ name: 'short-line', processes: [{ label: 'main', argv: ['pipe_copy'], startMs: 0, endMs: 5, exit: { code: 0 } }], timeline: [{ ms: 1, kind: 'output', process: 'main', stream: 'main', text: 'hi' }] })])]);

  it('report.html draws the sequence when there is one, else the timeline', () => {
    const html = renderHtml(graded());
    expect(html.match(/<svg [^>]*class="seq"/g)).toHaveLength(1);
    expect(html).toContain('aria-label="timeline of short-line"');
    expect(html).toContain('data-kind="pipe" data-from="main" data-to="main/1"');
  });

  it('--verbose prints the sequence, one line per arrow or mark in time order', () => {
    const text = renderTerminal(graded(), { color: false, verbose: true });
    const lines = text.split('\n');
    const seq = lines.slice(lines.findIndex((l) => l.trim() === 'sequence:') + 1).filter((l) => / ms {2}/.test(l)).slice(0, 4);
    expect(seq).toEqual([
      '            1.6 ms  the test → main  stdin 17 bytes',
      '            2.5 ms  main: fork() = child',
      '            2.5 ms  pipe (main fd 4 → child fd 3): created',
      '            2.6 ms  main → `pipe_copy`, child of `main`  pipe 17 bytes',
      '            3.4 ms  `pipe_copy`, child of `main` → the test  stdout 17 bytes',
    ].slice(0, 4));
    expect(text).toContain('pipe (main fd 4 → child fd 3): removed');
    const crossed = renderTerminal(result([exercise('msgq-ping-pong', [test(withSequence('crossed-replies', crossedRepliesSequence()))])]), { color: false, verbose: true });
    expect(crossed).toContain('30.7 ms  server → second  message type 4242');
    expect(crossed).toContain('52.0 ms  ✘ second: stdout: I received: alpha');
    expect(crossed).toContain('first: stopped until 62.4 ms');
    expect(renderTerminal(graded(), { color: false, verbose: false })).not.toContain('sequence:');
  });

  it('the student view: hidden tests have no sequence; actual-only drops what quotes an expected value', () => {
    const seq = { ...pipeCopySequence(), marks: [{ lane: 'main', ms: 4, kind: 'output' as const, label: 'SECRET-EXPECTED' }] };
    expect(studentView(failing('h', { hidden: true, sequence: seq })).sequence).toBeUndefined();
    expect(studentView(failing('n', { detail: 'none', sequence: seq })).sequence).toBeUndefined();
    const v = studentView(failing('a', { detail: 'actual-only', sequence: seq }));
    expect(v.sequence?.arrows).toHaveLength(6);
    expect(JSON.stringify(v.sequence)).not.toContain('SECRET-EXPECTED');
  });
});
