// C escaping as protobuf's text format uses it for string and bytes fields (C++ `CEscape`): the
// printable ASCII bytes as they are, \n \r \t \" \' \\ by name, every other byte as a 3-digit octal
// escape — so UTF-8 text is written byte by byte (`"\303\251"`), as TensorFlow writes it.

const encoder = new TextEncoder();

const ESCAPED: string[] = Array.from({ length: 256 }, (_, b) => {
  const named: Record<number, string> = { 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x22: '\\"', 0x27: "\\'", 0x5c: '\\\\' };
  if (named[b] !== undefined) return named[b];
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
});

export function cEscape(bytes: Uint8Array): string {
  // Chunks keep a megabyte of tensor_content from building a megabyte-long chain of concatenations.
  const chunks: string[] = [];
  for (let start = 0; start < bytes.length; start += 8192) {
    let chunk = '';
    const end = Math.min(bytes.length, start + 8192);
    for (let i = start; i < end; i++) chunk += ESCAPED[bytes[i]!];
    chunks.push(chunk);
  }
  return chunks.join('');
}

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

/**
 * The bytes a quoted literal's body stands for (C++ `UnescapeCEscapeString` plus \u and \U):
 * characters outside ASCII contribute their UTF-8 bytes. Returns an error message on a bad escape.
 */
export function cUnescape(body: string, out: number[]): string | undefined {
  for (let i = 0; i < body.length; ) {
    const code = body.charCodeAt(i);
    if (code !== 0x5c) {
      if (code < 0x80) {
        out.push(code);
        i++;
      } else {
        const ch = String.fromCodePoint(body.codePointAt(i)!);
        out.push(...encoder.encode(ch));
        i += ch.length;
      }
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return 'a string ends in a lone backslash';
    if (Object.hasOwn(SIMPLE, e)) {
      out.push(SIMPLE[e]!);
      i += 2;
    } else if (e >= '0' && e <= '7') {
      let value = 0;
      let n = 0;
      for (; n < 3 && i + 1 + n < body.length; n++) {
        const d = body.charCodeAt(i + 1 + n) - 0x30;
        if (d < 0 || d > 7) break;
        value = value * 8 + d;
      }
      if (value > 0xff) return `octal escape \\${body.slice(i + 1, i + 1 + n)} is beyond a byte`;
      out.push(value);
      i += 1 + n;
    } else if (e === 'x' || e === 'X') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2, i + 4));
      if (!m) return '\\x needs a hex digit';
      out.push(Number.parseInt(m[0], 16));
      i += 2 + m[0].length;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const digits = body.slice(i + 2, i + 2 + n);
      const cp = /^[0-9a-fA-F]+$/.test(digits) && digits.length === n ? Number.parseInt(digits, 16) : -1;
      if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return `\\${e} needs ${n} hex digits of a Unicode code point`;
      out.push(...encoder.encode(String.fromCodePoint(cp)));
      i += 2 + n;
    } else return `unknown escape \\${e}`;
  }
  return undefined;
}
