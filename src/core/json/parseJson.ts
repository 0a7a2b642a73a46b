import { findDuplicateKeys } from './duplicateKeys';
import {
  MAX_JSON_DEPTH,
  type DuplicateKey,
  type JsonArray,
  type JsonNode,
  type JsonObject,
  type JsonParseResult,
  type JsonProperty,
  type JsonString,
  type JsonSyntaxError,
  type ParseOptions,
} from './jsonTree';
import { Scanner, Token } from './scanner';

/**
 * A tolerant, offset-keeping JSON parser. It builds a tree for valid JSON about as fast as a
 * hand-written scanner allows (jsonc-parser's parseTree was 28x slower than JSON.parse on 20 MB,
 * see shared/docs/performance-facts.md), and on broken input it records each syntax error and
 * recovers at the next `,` `}` `]` so that the rest of the file can still be checked.
 * Containers nested deeper than MAX_JSON_DEPTH are skipped with an error instead of recursing on.
 */
export function parseJson(text: string, options: ParseOptions = {}): JsonParseResult {
  return new Parser(text, options.batches).parseDocument();
}

class Parser {
  private readonly errors: JsonSyntaxError[] = [];
  private readonly duplicateKeys: DuplicateKey[] = [];
  private readonly scanner: Scanner;
  private depth = 0;
  /**
   * Children of the containers being read, innermost last. Each container takes an exactly sized
   * copy of its own when it closes: arrays grown by push keep up to 50 % unused slots.
   */
  private readonly pendingItems: JsonNode[] = [];
  private readonly pendingProperties: JsonProperty[] = [];

  /** Items of the root array handed out so far (batch mode). */
  private itemsTaken = 0;

  constructor(
    private readonly text: string,
    private readonly batches?: ParseOptions['batches'],
  ) {
    this.scanner = new Scanner(text, (message, offset, length) => this.error(message, offset, length));
  }

  parseDocument(): JsonParseResult {
    const scanner = this.scanner;
    scanner.scan();
    if (this.at() === Token.EOF) {
      this.error('The file is empty: expected a JSON value such as [].', 0, 0);
      return { root: undefined, errors: this.errors, duplicateKeys: [] };
    }
    const root = this.parseValue();
    if (this.at() !== Token.EOF) {
      const start = scanner.tokenOffset;
      this.error(
        'Unexpected content after the end of the JSON value. Remove it, or wrap both values in one array.',
        start,
        Math.max(1, Math.min(this.text.length, lineEnd(this.text, start)) - start),
      );
    }
    // Inner objects close first: back to the order of the text.
    this.duplicateKeys.sort((a, b) => a.duplicate.offset - b.duplicate.offset);
    return { root, errors: this.errors, duplicateKeys: this.duplicateKeys };
  }

  /** The current token, read through a call so that the compiler does not narrow it across scan(). */
  private at(): Token {
    return this.scanner.token;
  }

  private scan(): void {
    this.scanner.scan();
  }

  private error(message: string, offset: number, length: number, limit = false): void {
    // One error per place: recovery can otherwise report the same spot twice.
    const last = this.errors[this.errors.length - 1];
    if (last && last.offset === offset) return;
    this.errors.push(limit ? { message, offset, length, limit } : { message, offset, length });
  }

  private errorAtToken(message: string): void {
    const scanner = this.scanner;
    const length = this.at() === Token.EOF ? 0 : scanner.tokenEnd - scanner.tokenOffset;
    this.error(message, scanner.tokenOffset, length);
  }

  private parseValue(): JsonNode | undefined {
    const scanner = this.scanner;
    const offset = scanner.tokenOffset;
    const length = scanner.tokenEnd - offset;
    switch (this.at()) {
      case Token.OpenBrace:
      case Token.OpenBracket: {
        if (this.depth >= MAX_JSON_DEPTH) {
          this.skipTooDeep();
          return undefined;
        }
        this.depth++;
        const node = this.at() === Token.OpenBrace ? this.parseObject() : this.parseArray();
        this.depth--;
        return node;
      }
      case Token.String: {
        const node: JsonString = { type: 'string', offset, length, value: scanner.stringValue };
        this.scan();
        return node;
      }
      case Token.Number: {
        const node: JsonNode = { type: 'number', offset, length, value: scanner.numberValue };
        this.scan();
        return node;
      }
      case Token.True:
      case Token.False: {
        const node: JsonNode = { type: 'boolean', offset, length, value: this.at() === Token.True };
        this.scan();
        return node;
      }
      case Token.Null: {
        const node: JsonNode = { type: 'null', offset, length: 4, value: null };
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

  /** Reports a container opened past the depth limit and skips it, with all it holds, to its closer. */
  private skipTooDeep(): void {
    this.error(
      `Nested more than ${MAX_JSON_DEPTH} levels deep: this value and everything in it is not read or checked. ` +
        'Annotation files nest 4 levels (file, video entry, annotations, segment).',
      this.scanner.tokenOffset,
      1,
      true,
    );
    let level = 0;
    do {
      const token = this.at();
      if (token === Token.EOF) return;
      if (token === Token.OpenBrace || token === Token.OpenBracket) level++;
      else if (token === Token.CloseBrace || token === Token.CloseBracket) level--;
      this.scan();
    } while (level > 0);
  }

  private parseObject(): JsonObject {
    const offset = this.scanner.tokenOffset;
    const pending = this.pendingProperties;
    const base = pending.length;
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
          const commaOffset = this.scanner.tokenOffset;
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
      if (property) pending.push(property);
      else this.skipUntil(Token.Comma, Token.CloseBrace);
      needComma = true;
    }
    const properties = pending.slice(base);
    pending.length = base;
    const node: JsonObject = { type: 'object', offset, length: this.scanner.previousEnd - offset, properties };
    if (properties.length > 1) findDuplicateKeys(node, this.duplicateKeys);
    return node;
  }

  private parseProperty(): JsonProperty | undefined {
    const scanner = this.scanner;
    if (this.at() !== Token.String) {
      this.errorAtToken('Expected a property name in double quotes.');
      return undefined;
    }
    const key: JsonString = {
      type: 'string',
      offset: scanner.tokenOffset,
      length: scanner.tokenEnd - scanner.tokenOffset,
      value: scanner.stringValue,
    };
    const property: JsonProperty = { type: 'property', offset: key.offset, length: key.length, key, value: undefined };
    this.scan();
    if (this.at() === Token.Colon) {
      this.scan();
    } else {
      this.errorAtToken(
        `Expected ':' after the property name ${this.text.slice(key.offset, key.offset + key.length)}.`,
      );
      if (
        this.at() !== Token.String &&
        this.at() !== Token.Number &&
        this.at() !== Token.OpenBrace &&
        this.at() !== Token.OpenBracket
      ) {
        return property;
      }
    }
    property.value = this.parseValue();
    property.length = scanner.previousEnd - property.offset;
    return property;
  }

  private parseArray(): JsonArray {
    const offset = this.scanner.tokenOffset;
    const pending = this.pendingItems;
    const base = pending.length;
    const batched = this.batches !== undefined && this.depth === 1;
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
          const commaOffset = this.scanner.tokenOffset;
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
      if (item) pending.push(item);
      else this.skipUntil(Token.Comma, Token.CloseBracket);
      needComma = true;
      if (batched && this.batchFull()) this.takeBatch();
    }
    if (batched) this.takeBatch();
    const items = pending.slice(base);
    pending.length = base;
    return { type: 'array', offset, length: this.scanner.previousEnd - offset, items };
  }

  private batchFull(): boolean {
    const pending = this.pendingItems;
    const { maxItems, maxChars } = this.batches!;
    return (
      pending.length >= maxItems || (pending.length > 0 && this.scanner.previousEnd - pending[0].offset >= maxChars)
    );
  }

  /** Batch mode: hands out the root array's items read so far, with the duplicate keys inside them. */
  private takeBatch(): void {
    const items = this.pendingItems.splice(0);
    if (!items.length) return;
    const duplicateKeys = this.duplicateKeys.splice(0).sort((a, b) => a.duplicate.offset - b.duplicate.offset);
    const firstIndex = this.itemsTaken;
    this.itemsTaken += items.length;
    this.batches!.take({ items, firstIndex, duplicateKeys });
  }

  private skipUntil(separator: Token, closer: Token): void {
    while (this.at() !== separator && this.at() !== closer && this.at() !== Token.EOF) {
      if (this.at() === Token.CloseBrace || this.at() === Token.CloseBracket) return;
      this.scan();
    }
  }
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}
