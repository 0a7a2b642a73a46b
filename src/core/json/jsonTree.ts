/** Nodes of an offset-aware JSON tree. Offsets are UTF-16 indices into the parsed text. */
export interface NodeBase {
  readonly offset: number;
  length: number;
}
export interface JsonString extends NodeBase {
  readonly type: 'string';
  readonly value: string;
}
export interface JsonNumber extends NodeBase {
  readonly type: 'number';
  readonly value: number;
}
export interface JsonBoolean extends NodeBase {
  readonly type: 'boolean';
  readonly value: boolean;
}
export interface JsonNull extends NodeBase {
  readonly type: 'null';
  readonly value: null;
}
export interface JsonProperty extends NodeBase {
  readonly type: 'property';
  readonly key: JsonString;
  /** Missing when the text stops or breaks after the key. */
  value: JsonNode | undefined;
}
export interface JsonObject extends NodeBase {
  readonly type: 'object';
  readonly properties: JsonProperty[];
}
export interface JsonArray extends NodeBase {
  readonly type: 'array';
  readonly items: JsonNode[];
}
export type JsonNode = JsonString | JsonNumber | JsonBoolean | JsonNull | JsonObject | JsonArray;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface JsonSyntaxError {
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  /** Valid JSON past this parser's own limit (nesting depth): other JSON tools do not report it. */
  readonly limit?: boolean;
}

/** A key written twice in one object: JSON readers keep the last value and drop the first silently. */
export interface DuplicateKey {
  readonly object: JsonObject;
  readonly first: JsonProperty;
  readonly duplicate: JsonProperty;
}

export interface JsonParseResult {
  readonly root: JsonNode | undefined;
  readonly errors: readonly JsonSyntaxError[];
  /** In text order of the repeated key. */
  readonly duplicateKeys: readonly DuplicateKey[];
}

export interface ParseOptions {
  /**
   * Hands the items of a top-level array out in batches as they are read, instead of keeping them:
   * the root array then has no items, and memory holds one batch of entries at a time.
   */
  readonly batches?: {
    /** A batch is handed out when it has this many items, or spans this many characters of text. */
    readonly maxItems: number;
    readonly maxChars: number;
    readonly take: (batch: TopLevelBatch) => void;
  };
}

export interface TopLevelBatch {
  readonly items: JsonNode[];
  /** Index of items[0] among the items of the whole array. */
  readonly firstIndex: number;
  /** The duplicate keys inside these items, in text order. */
  readonly duplicateKeys: DuplicateKey[];
}

/** Deeper structure is skipped with an error: every walk over a tree can recurse without a stack overflow. */
export const MAX_JSON_DEPTH = 256;

export const nodeEnd = (node: NodeBase): number => node.offset + node.length;

/** The last property with this key (JSON.parse semantics for duplicate keys). */
export function getProperty(object: JsonObject, key: string): JsonProperty | undefined {
  const properties = object.properties;
  for (let i = properties.length - 1; i >= 0; i--) {
    if (properties[i].key.value === key) return properties[i];
  }
  return undefined;
}

/** The plain value a tolerant reading of the tree gives (what JSON.parse returns for valid JSON). */
export function toValue(node: JsonNode): JsonValue {
  switch (node.type) {
    case 'object': {
      const result: { [key: string]: JsonValue } = {};
      for (const property of node.properties) {
        if (property.value) result[property.key.value] = toValue(property.value);
      }
      return result;
    }
    case 'array': {
      const items = node.items;
      const result: JsonValue[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) result[i] = toValue(items[i]);
      return result;
    }
    default:
      return node.value;
  }
}

/** The chain of nodes from the root down to the innermost node that contains offset. */
export function nodePathAt(root: JsonNode, offset: number): Array<JsonNode | JsonProperty> {
  const path: Array<JsonNode | JsonProperty> = [];
  let current: JsonNode | JsonProperty | undefined = root;
  while (current && offset >= current.offset && offset <= nodeEnd(current)) {
    path.push(current);
    let next: JsonNode | JsonProperty | undefined;
    if (current.type === 'object') {
      next = findContaining(current.properties, offset);
    } else if (current.type === 'array') {
      next = findContaining(current.items, offset);
    } else if (current.type === 'property') {
      next = current.value && offset >= current.value.offset ? current.value : current.key;
    }
    current = next;
  }
  return path;
}

/** Binary search in children sorted by offset. */
function findContaining<T extends NodeBase>(children: readonly T[], offset: number): T | undefined {
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const child = children[mid];
    if (offset < child.offset) high = mid - 1;
    else if (offset > nodeEnd(child)) low = mid + 1;
    else return child;
  }
  return undefined;
}
