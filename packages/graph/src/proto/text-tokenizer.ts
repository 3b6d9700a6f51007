import { DataLossError } from '../errors.js';

// The lexical layer of protobuf's text format, as TensorFlow's C++ tokenizer reads it: identifiers,
// numbers (decimal, 0x hex, 0 octal, floats with an optional f suffix), single- or double-quoted
// strings that may not span lines, one-character symbols, `#` comments to the end of the line.

export type TokenKind = 'ident' | 'int' | 'float' | 'string' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token's text; for strings, the raw text between the quotes (escapes not yet applied). */
  text: string;
  line: number;
  column: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const HEX = /0[xX][0-9a-fA-F]+/y;
const DECIMAL = /[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]+)?/y;

export class Tokenizer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private peeked: Token | undefined;

  constructor(
    private readonly text: string,
    private readonly what: string,
  ) {}

  fail(message: string, at: { line: number; column: number }): never {
    throw new DataLossError(`Can't parse ${this.what} as text proto: ${at.line}:${at.column}: ${message}`);
  }

  peek(): Token {
    this.peeked ??= this.read();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  /** Consumes the symbol if it is next. */
  tryConsume(symbol: string): boolean {
    const token = this.peek();
    if (token.kind === 'symbol' && token.text === symbol) {
      this.next();
      return true;
    }
    return false;
  }

  expect(symbol: string): Token {
    const token = this.next();
    if (token.kind !== 'symbol' || token.text !== symbol) this.fail(`Expected "${symbol}", found ${describe(token)}.`, token);
    return token;
  }

  private skipBlanks(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f') this.pos++;
      else if (c === '#') {
        while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  private read(): Token {
    this.skipBlanks();
    const text = this.text;
    const start = this.pos;
    const at = { line: this.line, column: start - this.lineStart + 1 };
    if (start >= text.length) return { kind: 'eof', text: '', ...at };
    const c = text[start]!;
    if (IDENT_START.test(c)) {
      while (this.pos < text.length && IDENT_PART.test(text[this.pos]!)) this.pos++;
      return { kind: 'ident', text: text.slice(start, this.pos), ...at };
    }
    if (DIGIT.test(c) || (c === '.' && DIGIT.test(text[start + 1] ?? ''))) return this.number(at);
    if (c === '"' || c === "'") return this.string(c, at);
    this.pos++;
    return { kind: 'symbol', text: c, ...at };
  }

  private number(at: { line: number; column: number }): Token {
    const text = this.text;
    const start = this.pos;
    let kind: TokenKind = 'int';
    HEX.lastIndex = start;
    const hex = HEX.exec(text);
    if (hex) this.pos += hex[0].length;
    else {
      DECIMAL.lastIndex = start;
      const m = DECIMAL.exec(text)!;
      this.pos += m[0].length;
      if (m[1] !== undefined || m[2] !== undefined) kind = 'float';
      if (text[this.pos] === 'f' || text[this.pos] === 'F') {
        this.pos++;
        kind = 'float';
      }
      if (kind === 'int' && m[0].length > 1 && m[0].startsWith('0') && !/^0[0-7]+$/.test(m[0])) {
        this.fail(`Invalid octal number "${m[0]}".`, at);
      }
    }
    if (this.pos < text.length && IDENT_PART.test(text[this.pos]!)) this.fail('Need space between number and identifier.', at);
    return { kind, text: text.slice(start, this.pos), ...at };
  }

  private string(quote: string, at: { line: number; column: number }): Token {
    const text = this.text;
    const start = ++this.pos;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === quote) return { kind: 'string', text: text.slice(start, this.pos++), ...at };
      if (c === '\n') break;
      this.pos += c === '\\' ? 2 : 1;
    }
    return this.fail('Unterminated string literal (string literals cannot cross line boundaries).', at);
  }
}

export function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of input';
  if (token.kind === 'string') return `"${token.text}"`;
  return `"${token.text}"`;
}
