import type {
  JsonArray,
  JsonNode,
  JsonObject,
  JsonParseResult,
  JsonProperty,
  JsonString,
  JsonSyntaxError,
} from './jsonTree';

/**
 * A tolerant, offset-keeping JSON parser. It builds a tree for valid JSON about as fast as a
 * hand-written scanner allows (jsonc-parser's parseTree was 28x slower than JSON.parse on 20 MB,
 * see shared/docs/performance-facts.md), and on broken input it records each syntax error and
 * recovers at the next `,` `}` `]` so that the rest of the file can still be checked.
 */
export function parseJson(text: string): JsonParseResult {
  return new Parser(text).parseDocument();
}

const enum Token {
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

const CH_QUOTE = 0x22;
const CH_BACKSLASH = 0x5c;

class Parser {
  private position = 0;
  private token: Token = Token.EOF;
  private tokenOffset = 0;
  private tokenEnd = 0;
  /** End of the last token consumed: where a node that stops early ends. */
  private previousEnd = 0;
  private stringValue = '';
  private numberValue = 0;
  private readonly errors: JsonSyntaxError[] = [];

  constructor(private readonly text: string) {}

  parseDocument(): JsonParseResult {
    this.scan();
    if (this.at() === Token.EOF) {
      this.error('The file is empty: expected a JSON value such as [].', 0, 0);
      return { root: undefined, errors: this.errors };
    }
    const root = this.parseValue();
    if (this.at() !== Token.EOF) {
      const start = this.tokenOffset;
      this.error(
        'Unexpected content after the end of the JSON value. Remove it, or wrap both values in one array.',
        start,
        Math.max(1, Math.min(this.text.length, lineEnd(this.text, start)) - start),
      );
    }
    return { root, errors: this.errors };
  }

  /** The current token, read through a call so that the compiler does not narrow it across scan(). */
  private at(): Token {
    return this.token;
  }

  private error(message: string, offset: number, length: number): void {
    // One error per place: recovery can otherwise report the same spot twice.
    const last = this.errors[this.errors.length - 1];
    if (last && last.offset === offset) return;
    this.errors.push({ message, offset, length });
  }

  private errorAtToken(message: string): void {
    const length = this.at() === Token.EOF ? 0 : this.tokenEnd - this.tokenOffset;
    this.error(message, this.tokenOffset, length);
  }

  private parseValue(): JsonNode | undefined {
    switch (this.token) {
      case Token.OpenBrace:
        return this.parseObject();
      case Token.OpenBracket:
        return this.parseArray();
      case Token.String: {
        const node: JsonString = { type: 'string', offset: this.tokenOffset, length: this.tokenEnd - this.tokenOffset, value: this.stringValue };
        this.scan();
        return node;
      }
      case Token.Number: {
        const node: JsonNode = { type: 'number', offset: this.tokenOffset, length: this.tokenEnd - this.tokenOffset, value: this.numberValue };
        this.scan();
        return node;
      }
      case Token.True:
      case Token.False: {
        const node: JsonNode = { type: 'boolean', offset: this.tokenOffset, length: this.tokenEnd - this.tokenOffset, value: this.at() === Token.True };
        this.scan();
        return node;
      }
      case Token.Null: {
        const node: JsonNode = { type: 'null', offset: this.tokenOffset, length: 4, value: null };
        this.scan();
        return node;
      }
      default:
        this.errorAtToken('Expected a value: a number, a string, an object, an array, true, false or null.');
        // Skip a stray token so that the caller makes progress; leave separators to the caller.
        if (this.at() === Token.Unknown || this.at() === Token.Colon) this.scan();
        return undefined;
    }
  }

  private parseObject(): JsonObject {
    const node: JsonObject = { type: 'object', offset: this.tokenOffset, length: 0, properties: [] };
    this.scan();
    let needComma = false;
    for (;;) {
      if (this.at() === Token.CloseBrace) {
        this.scan();
        break;
      }
      if (this.at() === Token.EOF || this.at() === Token.CloseBracket) {
        this.errorAtToken("Expected '}' to close the object.");
        break;
      }
      if (needComma) {
        if (this.at() === Token.Comma) {
          const commaOffset = this.tokenOffset;
          this.scan();
          if (this.at() === Token.CloseBrace) {
            this.error('Trailing comma: remove it.', commaOffset, 1);
            continue;
          }
        } else {
          this.errorAtToken("Expected ',' between properties.");
        }
      } else if (this.at() === Token.Comma) {
        this.errorAtToken('Unexpected comma: expected a property name.');
        this.scan();
        continue;
      }
      const property = this.parseProperty();
      if (property) node.properties.push(property);
      else this.skipUntil(Token.Comma, Token.CloseBrace);
      needComma = true;
    }
    node.length = this.previousEnd - node.offset;
    return node;
  }

  private parseProperty(): JsonProperty | undefined {
    if (this.at() !== Token.String) {
      this.errorAtToken('Expected a property name in double quotes.');
      return undefined;
    }
    const key: JsonString = { type: 'string', offset: this.tokenOffset, length: this.tokenEnd - this.tokenOffset, value: this.stringValue };
    const property: JsonProperty = { type: 'property', offset: key.offset, length: key.length, key, value: undefined };
    this.scan();
    if (this.at() === Token.Colon) {
      this.scan();
    } else {
      this.errorAtToken(`Expected ':' after the property name ${this.text.slice(key.offset, key.offset + key.length)}.`);
      if (this.at() !== Token.String && this.at() !== Token.Number && this.at() !== Token.OpenBrace && this.at() !== Token.OpenBracket) {
        return property;
      }
    }
    property.value = this.parseValue();
    property.length = this.previousEnd - property.offset;
    return property;
  }

  private parseArray(): JsonArray {
    const node: JsonArray = { type: 'array', offset: this.tokenOffset, length: 0, items: [] };
    this.scan();
    let needComma = false;
    for (;;) {
      if (this.at() === Token.CloseBracket) {
        this.scan();
        break;
      }
      if (this.at() === Token.EOF || this.at() === Token.CloseBrace) {
        this.errorAtToken("Expected ']' to close the array.");
        break;
      }
      if (needComma) {
        if (this.at() === Token.Comma) {
          const commaOffset = this.tokenOffset;
          this.scan();
          if (this.at() === Token.CloseBracket) {
            this.error('Trailing comma: remove it.', commaOffset, 1);
            continue;
          }
        } else {
          this.errorAtToken("Expected ',' between array items.");
        }
      } else if (this.at() === Token.Comma) {
        this.errorAtToken('Unexpected comma: expected a value.');
        this.scan();
        continue;
      }
      const item = this.parseValue();
      if (item) node.items.push(item);
      else this.skipUntil(Token.Comma, Token.CloseBracket);
      needComma = true;
    }
    node.length = this.previousEnd - node.offset;
    return node;
  }

  private skipUntil(separator: Token, closer: Token): void {
    while (this.at() !== separator && this.at() !== closer && this.at() !== Token.EOF) {
      if (this.at() === Token.CloseBrace || this.at() === Token.CloseBracket) return;
      this.scan();
    }
  }

  private scan(): void {
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
      case 0x7b: this.single(Token.OpenBrace, pos); return;
      case 0x7d: this.single(Token.CloseBrace, pos); return;
      case 0x5b: this.single(Token.OpenBracket, pos); return;
      case 0x5d: this.single(Token.CloseBracket, pos); return;
      case 0x2c: this.single(Token.Comma, pos); return;
      case 0x3a: this.single(Token.Colon, pos); return;
      case CH_QUOTE: this.scanString(pos); return;
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
    this.token = word === 'true' ? Token.True : word === 'false' ? Token.False : word === 'null' ? Token.Null : Token.Unknown;
    if (this.at() === Token.Unknown) {
      this.error(`Unexpected '${word.length > 20 ? word.slice(0, 20) + '…' : word}'. Strings need double quotes; comments are not allowed in JSON.`, pos, end - pos);
    }
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
    let escaped = false;
    for (;;) {
      if (pos >= length) {
        this.error('Unterminated string: add the closing double quote.', start, pos - start);
        this.finishString(start, pos, pos, escaped);
        return;
      }
      const ch = text.charCodeAt(pos);
      if (ch === CH_QUOTE) break;
      if (ch === CH_BACKSLASH) {
        escaped = true;
        pos += 2;
        continue;
      }
      if (ch === 0x0a || ch === 0x0d) {
        this.error('Unterminated string: add the closing double quote before the end of the line.', start, pos - start);
        this.finishString(start, pos, pos, escaped);
        return;
      }
      pos++;
    }
    this.finishString(start, pos, pos + 1, escaped);
  }

  private finishString(start: number, contentEnd: number, tokenEnd: number, escaped: boolean): void {
    const raw = this.text.slice(start + 1, Math.min(contentEnd, this.text.length));
    let value = raw;
    if (escaped || hasControlCharacter(raw)) {
      try {
        value = JSON.parse(`"${raw}"`) as string;
      } catch {
        this.error('Invalid escape or control character in string: escape it (\\n, \\t, \\u0000).', start, tokenEnd - start);
        value = raw;
      }
    }
    this.token = Token.String;
    this.stringValue = value;
    this.tokenEnd = this.position = tokenEnd;
  }

  private scanNumber(start: number): void {
    const text = this.text;
    let end = start;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    const raw = text.slice(start, end);
    this.token = Token.Number;
    this.tokenEnd = this.position = end;
    if (!JSON_NUMBER.test(raw)) {
      this.error(`Invalid number '${raw}'.`, start, end - start);
      const loose = Number(raw);
      this.numberValue = Number.isFinite(loose) ? loose : 0;
      return;
    }
    this.numberValue = Number(raw);
  }
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function isNumberChar(ch: number): boolean {
  return (ch >= 0x30 && ch <= 0x39) || ch === 0x2e || ch === 0x2d || ch === 0x2b || ch === 0x65 || ch === 0x45;
}

function isWordChar(ch: number): boolean {
  return (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x30 && ch <= 0x39) || ch === 0x5f || ch === 0x2e || ch === 0x2d || ch === 0x2f || ch === 0x2a;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}
