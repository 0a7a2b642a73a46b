import { StringCache } from './stringCache';

export const enum Token {
  OpenBrace,
  CloseBrace,
  OpenBracket,
  CloseBracket,
  Comma,
  Colon,
  String,
  Number,
  True,
  False,
  Null,
  Unknown,
  EOF,
}

export type ErrorSink = (message: string, offset: number, length: number) => void;

const CH_QUOTE = 0x22;
const CH_BACKSLASH = 0x5c;

/**
 * The tokens of a JSON text, one at a time, with their offsets. Errors inside a token (a bad
 * string or number, a stray word) go to the sink; the token is still returned so parsing goes on.
 */
export class Scanner {
  token: Token = Token.EOF;
  tokenOffset = 0;
  tokenEnd = 0;
  /** End of the last token consumed: where a node that stops early ends. */
  previousEnd = 0;
  stringValue = '';
  numberValue = 0;
  private position = 0;
  /** Keys and labels repeat on every segment: one string each instead of one per occurrence. */
  private readonly strings: StringCache;

  constructor(
    readonly text: string,
    private readonly error: ErrorSink,
  ) {
    this.strings = new StringCache(text);
  }

  scan(): void {
    this.previousEnd = this.tokenEnd;
    const text = this.text;
    const length = text.length;
    let pos = this.position;
    // Whitespace, and a byte order mark anywhere a tool may have left one.
    for (; pos < length; pos++) {
      const ch = text.charCodeAt(pos);
      if (ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09 && ch !== 0xfeff) break;
    }
    this.tokenOffset = pos;
    if (pos >= length) {
      this.token = Token.EOF;
      this.tokenEnd = this.position = length;
      return;
    }
    const ch = text.charCodeAt(pos);
    switch (ch) {
      case 0x7b:
        this.single(Token.OpenBrace, pos);
        return;
      case 0x7d:
        this.single(Token.CloseBrace, pos);
        return;
      case 0x5b:
        this.single(Token.OpenBracket, pos);
        return;
      case 0x5d:
        this.single(Token.CloseBracket, pos);
        return;
      case 0x2c:
        this.single(Token.Comma, pos);
        return;
      case 0x3a:
        this.single(Token.Colon, pos);
        return;
      case CH_QUOTE:
        this.scanString(pos);
        return;
    }
    if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39)) {
      this.scanNumber(pos);
      return;
    }
    // A word: true / false / null, or something unknown up to the next separator.
    let end = pos;
    while (end < length && isWordChar(text.charCodeAt(end))) end++;
    if (end === pos) end = pos + 1;
    const word = text.slice(pos, end);
    const token =
      word === 'true' ? Token.True : word === 'false' ? Token.False : word === 'null' ? Token.Null : Token.Unknown;
    if (token === Token.Unknown) {
      this.error(
        `Unexpected '${word.length > 20 ? word.slice(0, 20) + '…' : word}'. Strings need double quotes; ` +
          'comments are not allowed in JSON.',
        pos,
        end - pos,
      );
    }
    this.token = token;
    this.tokenEnd = this.position = end;
  }

  private single(token: Token, pos: number): void {
    this.token = token;
    this.tokenEnd = this.position = pos + 1;
  }

  private scanString(start: number): void {
    const text = this.text;
    const length = text.length;
    let pos = start + 1;
    let special = false;
    for (;;) {
      if (pos >= length) {
        // A backslash as the last character steps past the end.
        pos = length;
        this.error('Unterminated string: add the closing double quote.', start, pos - start);
        this.finishString(start, pos, pos, special);
        return;
      }
      const ch = text.charCodeAt(pos);
      if (ch === CH_QUOTE) break;
      if (ch === CH_BACKSLASH) {
        special = true;
        pos += 2;
        continue;
      }
      if (ch === 0x0a || ch === 0x0d) {
        this.error('Unterminated string: add the closing double quote before the end of the line.', start, pos - start);
        this.finishString(start, pos, pos, special);
        return;
      }
      if (ch < 0x20) special = true;
      pos++;
    }
    this.finishString(start, pos, pos + 1, special);
  }

  /** special: escapes or control characters, which JSON.parse decodes or rejects. */
  private finishString(start: number, contentEnd: number, tokenEnd: number, special: boolean): void {
    const from = start + 1;
    const to = Math.min(contentEnd, this.text.length);
    let value: string;
    if (!special) {
      value = this.strings.get(from, to);
    } else {
      const raw = this.text.slice(from, to);
      try {
        value = JSON.parse(`"${raw}"`) as string;
      } catch {
        this.error(
          'Invalid escape or control character in string: escape it (\\n, \\t, \\u0000).',
          start,
          tokenEnd - start,
        );
        value = raw;
      }
    }
    this.token = Token.String;
    this.stringValue = value;
    this.tokenEnd = this.position = tokenEnd;
  }

  private scanNumber(start: number): void {
    const text = this.text;
    const end = jsonNumberEnd(text, start);
    this.token = Token.Number;
    if (end > start && !(end < text.length && isNumberChar(text.charCodeAt(end)))) {
      this.tokenEnd = this.position = end;
      this.numberValue = numberValue(text, start, end);
      return;
    }
    // Not a JSON number: the whole run of number characters is the token, read loosely.
    let runEnd = start;
    while (runEnd < text.length && isNumberChar(text.charCodeAt(runEnd))) runEnd++;
    this.tokenEnd = this.position = runEnd;
    const raw = text.slice(start, runEnd);
    this.error(`Invalid number '${raw}'.`, start, runEnd - start);
    const loose = Number(raw);
    this.numberValue = Number.isFinite(loose) ? loose : 0;
  }
}

/** Where the JSON number at start ends (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?), or start when there is none. */
function jsonNumberEnd(text: string, start: number): number {
  let pos = start;
  if (text.charCodeAt(pos) === 0x2d) pos++;
  if (text.charCodeAt(pos) === 0x30) pos++;
  else if (isDigit(text.charCodeAt(pos))) while (isDigit(text.charCodeAt(pos))) pos++;
  else return start;
  if (text.charCodeAt(pos) === 0x2e) {
    if (!isDigit(text.charCodeAt(++pos))) return start;
    while (isDigit(text.charCodeAt(pos))) pos++;
  }
  if ((text.charCodeAt(pos) | 0x20) === 0x65) {
    pos++;
    if (text.charCodeAt(pos) === 0x2b || text.charCodeAt(pos) === 0x2d) pos++;
    if (!isDigit(text.charCodeAt(pos))) return start;
    while (isDigit(text.charCodeAt(pos))) pos++;
  }
  return pos;
}

/**
 * The value of the JSON number text[start, end). Up to 15 digits without an exponent it is computed
 * in place: one correctly rounded division gives the same double as Number(), without slicing a
 * string for each of the millions of times in a large file.
 */
function numberValue(text: string, start: number, end: number): number {
  let pos = start;
  const negative = text.charCodeAt(pos) === 0x2d;
  if (negative) pos++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (; pos < end; pos++) {
    const ch = text.charCodeAt(pos);
    if (ch === 0x2e) {
      fractionDigits = end - pos - 1;
      continue;
    }
    // An exponent, or more digits than a double holds exactly: the general conversion.
    if (!isDigit(ch) || ++digits > 15) return Number(text.slice(start, end));
    mantissa = mantissa * 10 + ch - 0x30;
  }
  const magnitude = fractionDigits ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
  return negative ? -magnitude : magnitude;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

const isDigit = (ch: number): boolean => ch >= 0x30 && ch <= 0x39;

function isNumberChar(ch: number): boolean {
  return (ch >= 0x30 && ch <= 0x39) || ch === 0x2e || ch === 0x2d || ch === 0x2b || ch === 0x65 || ch === 0x45;
}

function isWordChar(ch: number): boolean {
  return (
    (ch >= 0x61 && ch <= 0x7a) ||
    (ch >= 0x41 && ch <= 0x5a) ||
    (ch >= 0x30 && ch <= 0x39) ||
    ch === 0x5f ||
    ch === 0x2e ||
    ch === 0x2d ||
    ch === 0x2f ||
    ch === 0x2a
  );
}
