// The pieces of protobuf's text format that the `checkpoint` state file needs: C escaping of
// strings as TF writes them, a tokenizer for what TF (Python's text_format) may have written, and
// Python's repr of a float (TF prints double fields with str(float)).
import { DataLossError } from '@tf/graph';

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

const ESCAPES: Readonly<Record<number, string>> = { 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x22: '\\"', 0x27: "\\'", 0x5c: '\\\\' };

/**
 * `"…"` as protobuf's CEscape writes it: printable ASCII as is, six characters by name, every
 * other byte of the UTF-8 encoding as a 3-digit octal escape (so `é` is `\303\251`).
 */
export function quoteString(value: string): string {
  let out = '"';
  for (const b of encoder.encode(value)) {
    out += ESCAPES[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`);
  }
  return `${out}"`;
}

/** Python's `repr(float)`: shortest round trip, exponent form below 1e-4 and from 1e16, `.0` on integers. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, mantissa.replace(/^-?\d\.?/, '').length - exponent));
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

export type Token =
  | { readonly kind: 'name'; readonly text: string; readonly line: number }
  | { readonly kind: 'string'; readonly value: string; readonly line: number }
  | { readonly kind: 'number'; readonly value: number; readonly line: number }
  | { readonly kind: 'punct'; readonly text: string; readonly line: number };

const NUMBER = /^-?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fF]?|0[xX][0-9a-fA-F]+|(?:inf(?:inity)?|nan)\b)/i;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The tokens of `text`; adjacent string literals are joined, as the text format joins them. */
export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (what: string): never => {
    throw new DataLossError(`${file}:${line}: ${what}`);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const bytes: number[] = [];
      i = readQuoted(text, i + 1, c, bytes, fail);
      let value: string;
      try {
        value = utf8.decode(new Uint8Array(bytes));
      } catch {
        return fail('a string is not valid UTF-8');
      }
      const last = tokens[tokens.length - 1];
      if (last?.kind === 'string') tokens[tokens.length - 1] = { ...last, value: last.value + value };
      else tokens.push({ kind: 'string', value, line });
    } else if (':,;[]{}<>'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      const number = NUMBER.exec(text.slice(i, i + 64));
      const name = NAME.exec(text.slice(i, i + 256));
      if (number && !(name && !/^(inf(inity)?|nan)$/i.test(name[0]))) {
        tokens.push({ kind: 'number', value: parseNumber(number[0]), line });
        i += number[0].length;
      } else if (name) {
        tokens.push({ kind: 'name', text: name[0], line });
        i += name[0].length;
      } else fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

function parseNumber(text: string): number {
  const negative = text.startsWith('-');
  const body = (negative ? text.slice(1) : text).toLowerCase();
  let value: number;
  if (body.startsWith('inf')) value = Number.POSITIVE_INFINITY;
  else if (body === 'nan') value = Number.NaN;
  else if (body.startsWith('0x')) value = Number.parseInt(body, 16);
  else value = Number(body.endsWith('f') ? body.slice(0, -1) : body);
  return negative ? -value : value;
}

const SIMPLE: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

/** Reads a quoted literal's body from `start` up to the closing `quote` into `out` (UTF-8 bytes); returns the index after it. */
function readQuoted(text: string, start: number, quote: string, out: number[], fail: (what: string) => never): number {
  let i = start;
  while (true) {
    const c = text[i];
    if (c === undefined || c === '\n') fail('unterminated string');
    if (c === quote) return i + 1;
    if (c !== '\\') {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      for (const b of encoder.encode(ch)) out.push(b);
      i += ch.length;
      continue;
    }
    const e = text[i + 1] ?? '';
    if (Object.hasOwn(SIMPLE, e)) {
      out.push(SIMPLE[e]!);
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const digits = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
      const value = Number.parseInt(digits, 8);
      if (value > 0xff) fail(`octal escape \\${digits} is beyond a byte`);
      out.push(value);
      i += 1 + digits.length;
    } else if (e === 'x' || e === 'X') {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4))?.[0] ?? fail('\\x with no hex digits');
      out.push(Number.parseInt(digits, 16));
      i += 2 + digits.length;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const digits = text.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) fail(`\\${e} needs ${n} hex digits`);
      const cp = Number.parseInt(digits, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) fail(`\\${e}${digits} is not a Unicode scalar value`);
      for (const b of encoder.encode(String.fromCodePoint(cp))) out.push(b);
      i += 2 + n;
    } else fail(`invalid escape \\${e}`);
  }
}
