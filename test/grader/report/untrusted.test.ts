// The one escape for student text (report/untrusted.ts) and the Markdown built on it.
import { GUTTER, PROBLEM_MATCHERS, commandToken, gutter, stopCommands, unmatchable, visible, visibleDeep } from '../../../grader/report/untrusted.js';
import { fence, htmlText, mdCell, mdText } from '../../../grader/report/markdown.js';

describe('visible', () => {
  it('shows C0, DEL, C1, a lone CR, bidi and format controls as escapes, and ##[ as #\\x23[', () => {
    expect(visible('a\x1b[2Jb\x7f\x9b\rc\u202ed\u200be\ufeff\u2028')).toBe('a\\x1b[2Jb\\x7f\\x9b\\x0dc\\u202ed\\u200be\\ufeff\\u2028');
    expect(visible('\u{e0041}')).toBe('\\u{e0041}');
    expect(visible('x ##[error] ###[y')).toBe('x #\\x23[error] ##\\x23[y');
  });

  it('keeps newlines, tabs, backslashes and ordinary Unicode, and is idempotent', () => {
    const s = 'tab\there\nnext \\x41 é ✔ 𝄞';
    expect(visible(s)).toBe(s);
    const nasty = '\x00\x1b]8;;x\x07 ##[a \u202e\ud800';
    expect(visible(visible(nasty))).toBe(visible(nasty));
  });

  it('reaches every string of a JSON value and keeps its shape', () => {
    expect(visibleDeep({ a: ['\x1b', 1, null, { b: '\r' }], c: true })).toEqual({ a: ['\\x1b', 1, null, { b: '\\x0d' }], c: true });
  });
});

describe('the runner', () => {
  it('puts every line behind a non-space gutter', () => {
    expect(gutter('::notice::x\n  ::error::y', 4)).toBe(`    ${GUTTER}::notice::x\n    ${GUTTER}  ::error::y`);
    expect(GUTTER.trimStart()).toBe(GUTTER);
  });

  it('wraps text in stop-commands with a fresh random token', () => {
    const a = commandToken();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(commandToken()).not.toBe(a);
    expect(stopCommands('x', 'tok')).toBe('::stop-commands::tok\nx\n::tok::\n');
  });

  it('keeps compiler-shaped lines from every problem matcher, and leaves other lines alone', () => {
    const lines = ['x.ts(1,2): error TS2322: no', 'a.c:1:2: warning: w', 'a.c:1:2 error: e', 'a.c:1:2: fatal error: f', 'f.js: line 1, col 2, Error - m (r)', '  1:2  error  m  rule', '    │ a.c:3:4: error: in the gutter'];
    for (const l of lines) {
      expect([l, PROBLEM_MATCHERS.some((m) => m.test(l))]).toEqual([l, true]);
      expect([l, PROBLEM_MATCHERS.some((m) => m.test(unmatchable(l)))]).toEqual([l, false]);
    }
    expect(unmatchable('a.c:1:2: warning: w')).toBe('a.c:1:2: warning\\x3a w');
    expect(unmatchable('error: not a location')).toBe('error: not a location');
  });
});

describe('markdown', () => {
  it('renders student text as text: no heading, list, quote, link, image, HTML, table, code span or mention', () => {
    expect(mdText('# h')).toBe('\\# h');
    expect(mdText('- a\n1. b\n> c\n===')).toBe('\\- a\n1\\. b\n&gt; c\n\\===');
    expect(mdText('![i](x) [l](y) <img src=x> a|b `c` *d* _e_ ~f~ $g$')).toBe('!\\[i\\](x) \\[l\\](y) &lt;img src=x&gt; a\\|b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~ \\$g\\$');
    expect(mdText('hi @octocat, see http://x.example and www.y.example #12 a@b.example')).toBe('hi `@octocat,` see `http://x.example` and `www.y.example` `#12` `a@b.example`');
    expect(mdCell('a\nb | c')).toBe('a b \\| c');
    expect(htmlText('<b> @octocat')).toBe('&lt;b&gt; <code>@octocat</code>');
  });

  it('fences text with a fence longer than any backtick run in it, control characters shown', () => {
    expect(fence('a ```` b\x1b')).toBe('`````\na ```` b\\x1b\n`````');
  });
});
