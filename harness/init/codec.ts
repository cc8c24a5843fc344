// The init's text codec (the mirror of sb_field in ipclab-init.c). The init reports text as
// records: one line each, a tag, then fields each after one space. In a field every byte
// outside '!'..'~', and each of % @ | \, is written %XX (upper-case hex), so no name, path or
// comm a student chose can end a record, split a field or pass for a tag.
//
// Bytes become JS strings as UTF-8 where they are valid UTF-8; each byte that is not part of a
// valid sequence becomes the lone surrogate U+DC00+byte (U+DC80..U+DCFF, Python's
// "surrogateescape"). Valid UTF-8 never decodes to a lone surrogate, so `textBytes` gives the
// exact bytes back, and `shown` renders those bytes as \xNN.
import { isUtf8 } from 'node:buffer';

const HEX = '0123456789ABCDEF';

/** Whether the codec writes this byte as %XX. */
export function mustEscape(byte: number): boolean {
  return byte <= 0x20 || byte >= 0x7f || byte === 0x25 || byte === 0x40 || byte === 0x7c || byte === 0x5c;
}

/** The field the init writes for these bytes (or this string's UTF-8 / textBytes bytes). */
export function encodeField(value: Buffer | string): string {
  const bytes = typeof value === 'string' ? textBytes(value) : value;
  let out = '';
  let from = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (!mustEscape(b)) continue;
    out += bytes.toString('latin1', from, i) + '%' + HEX[b >> 4] + HEX[b & 15];
    from = i + 1;
  }
  return out + bytes.toString('latin1', from);
}

/** A record as the init writes it, fields already raw bytes or strings (for tests and tools). */
export function encodeRecord(tag: string, fields: Array<Buffer | string | number>): string {
  return [tag, ...fields.map((f) => (typeof f === 'number' ? String(f) : encodeField(f)))].join(' ');
}

/** A line of tag and fields, every byte one the codec can write: raw ones and %XX only. */
const RECORD = /^[a-z]+(?: (?:[!-$&-?A-[\]-{}~]|%[0-9A-F]{2})*)*$/;

/** A record's tag and fields, still escaped; undefined when the line is not one the init writes. */
export function splitRecord(line: string): string[] | undefined {
  return RECORD.test(line) ? line.split(' ') : undefined;
}

/** A field's bytes; undefined unless the init could have written it (a raw space, "%41" for "A"). */
export function decodeBytes(field: string): Buffer | undefined {
  const out = Buffer.allocUnsafe(field.length);
  let n = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c !== 0x25) {
      if (c > 0xff || mustEscape(c)) return undefined;
      out[n++] = c;
      continue;
    }
    const b = (hexDigit(field.charCodeAt(i + 1)) << 4) | hexDigit(field.charCodeAt(i + 2));
    if (b < 0 || !mustEscape(b)) return undefined;
    out[n++] = b;
    i += 2;
  }
  return out.subarray(0, n);
}

/** 0..15 for 0-9 and A-F; a large negative number otherwise (so that any "|" stays negative). */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -0x10000;
}

/** A field of a record from splitRecord as a JS string (see the top); undefined when malformed. */
export function decodeField(field: string): string | undefined {
  if (!field.includes('%')) return field; // printable ASCII as it stands: the common case
  const bytes = decodeBytes(field);
  return bytes && bytesText(bytes);
}

/** Bytes as a JS string: UTF-8, and U+DC80..U+DCFF for each byte outside a valid sequence. */
export function bytesText(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let run = 0; // start of the current valid run
  for (let i = 0; i < bytes.length; ) {
    const len = utf8Length(bytes, i);
    if (len) {
      i += len;
      continue;
    }
    out += bytes.toString('utf8', run, i) + String.fromCharCode(0xdc00 + bytes[i]);
    run = ++i;
  }
  return out + bytes.toString('utf8', run);
}

/** A lone U+DC80..U+DCFF: a byte bytesText could not decode. */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** The bytes a string from bytesText came from. */
export function textBytes(text: string): Buffer {
  if (!/[\uDC80-\uDCFF]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (const m of text.matchAll(ESCAPED_BYTE)) {
    parts.push(Buffer.from(text.slice(from, m.index), 'utf8'), Buffer.of(m[0].charCodeAt(0) - 0xdc00));
    from = m.index + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** Characters a name must not put raw into a message: controls, undecodable bytes, bidi and line separators. */
const UNSHOWABLE = /[\\\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** A name or path as text that only says what it is: backslash escapes, \xNN for raw bytes. */
export function shown(text: string): string {
  UNSHOWABLE.lastIndex = 0;
  if (!UNSHOWABLE.test(text)) return text;
  return text.replace(UNSHOWABLE, (ch) => {
    const c = ch.charCodeAt(0);
    if (ch === '\\') return '\\\\';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    // \xNN is always a byte (a raw one, or an ASCII control); \uNNNN a character
    if (c >= 0xdc80 && c <= 0xdcff) return `\\x${(c - 0xdc00).toString(16).padStart(2, '0')}`;
    return c < 0x80 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

/** The length of the valid UTF-8 sequence at i (no overlongs, surrogates or > U+10FFFF), else 0. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const ok = c === 0xe0 ? cont(1, 0xa0) : c === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const ok = c === 0xf0 ? cont(1, 0x90) : c === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
