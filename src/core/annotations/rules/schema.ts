import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../../../schemas/annotations.schema.json';
import { getProperty, toValue, type JsonNode, type JsonObject } from '../../json/jsonTree';
import type { Fix, Problem, TextSpan } from '../../problem';
import { appendProperty, replaceNode } from '../edits';
import { editDistance } from '../labels';
import type { LabelCounts } from '../labels';

export interface SchemaContext {
  readonly text: string;
  /** Labels used in this file: a missing label can be filled in when there is only one. */
  readonly fileLabels: LabelCounts;
  /** The index of root.items[0] in the whole file, when root holds one window of its entries. */
  readonly firstIndex?: number;
  /** Whether an entry of the whole file has this videoId (as videoIdText gives it); default: one of root's. */
  readonly videoIdUsed?: (id: string) => boolean;
}

type FullContext = SchemaContext & { readonly videoIdUsed: (id: string) => boolean };

/** An entry's videoId as text, when it is a string or a number: what a new id must not repeat. */
export function videoIdText(item: JsonNode): string | undefined {
  const idNode = item.type === 'object' ? getProperty(item, 'videoId')?.value : undefined;
  return idNode?.type === 'string' || idNode?.type === 'number' ? String(idNode.value) : undefined;
}

let compiled: { file: ValidateFunction; entry: ValidateFunction } | undefined;

/** The schema the editor's jsonValidation uses, compiled once (ajv: ~5 ms on 20 MB), and its entry part. */
function validators(): { file: ValidateFunction; entry: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const file = ajv.compile(schemaJson);
    const entry = ajv.getSchema(`${schemaJson.$id}#/definitions/videoEntry`);
    if (!entry) throw new Error('annotations.schema.json has no definitions/videoEntry');
    compiled = { file, entry };
  }
  return compiled;
}

const KNOWN_KEYS: Record<'entry' | 'segment', readonly string[]> = {
  entry: ['videoId', 'durationSeconds', 'annotations', 'video'],
  segment: ['label', 'startSeconds', 'endSeconds'],
};

/**
 * JSON Schema problems, each on the node it concerns, with a repair where one is clear. An array
 * is checked entry by entry: a plain copy of one entry at a time, not of the whole file beside its tree.
 */
export function schemaProblems(root: JsonNode, context: SchemaContext): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const videoIdUsed =
    context.videoIdUsed ??
    ((id: string) => root.type === 'array' && root.items.some((item) => videoIdText(item) === id));
  const full = { ...context, videoIdUsed };
  /** node: what the error's instancePath starts from; prefix: the path of node in the whole file. */
  const report = (errors: readonly ErrorObject[], node: JsonNode, prefix: string[]): void => {
    for (const error of errors) {
      const relative = decodePointer(error.instancePath);
      const path = [...prefix, ...relative];
      const key = `${JSON.stringify(path)}|${error.keyword}|${JSON.stringify(error.params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const target = nodeAtPath(node, relative);
      if (target) problems.push(describe(error, target, path, full));
    }
  };
  const { file, entry } = validators();
  if (root.type !== 'array') {
    if (!file(toValue(root))) report(file.errors ?? [], root, []);
    return problems;
  }
  const firstIndex = context.firstIndex ?? 0;
  root.items.forEach((item, index) => {
    if (!entry(toValue(item))) report(entry.errors ?? [], item, [String(firstIndex + index)]);
  });
  return problems;
}

function describe(error: ErrorObject, node: JsonNode, path: string[], context: FullContext): Problem {
  const name = path.length ? path[path.length - 1] : 'the file';
  const field = /^\d+$/.test(name) ? `item ${Number(name) + 1}` : `"${name}"`;
  const base = { code: 'schema' as const, severity: 'error' as const };
  const at = (span: TextSpan, message: string, fixes: Fix[] = []): Problem => ({ ...base, span, message, fixes });
  switch (error.keyword) {
    case 'type': {
      const expected = String(error.params.type).split(',').map(typeName).join(' or ');
      if (path.length === 0) {
        return at(
          node,
          'An annotation file is an array of video entries: [ { "videoId": …, "durationSeconds": …, ' +
            '"annotations": [ … ] } ].',
        );
      }
      const numeric =
        node.type === 'string' && /number|integer/.test(String(error.params.type))
          ? numericText(node.value)
          : undefined;
      if (node.type === 'string' && numeric !== undefined) {
        return at(node, `${field} must be ${expected}, not a string. Write ${numeric} without quotes.`, [
          {
            title: `Convert ${JSON.stringify(node.value)} to the number ${numeric}`,
            preferred: true,
            edits: [replaceNode(node, numeric)],
          },
        ]);
      }
      return at(node, `${field} must be ${expected}, not ${describeNode(node)}.`);
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const object = node as JsonObject;
      return at(
        { offset: node.offset, length: 1 },
        `Missing property "${missing}". ${REQUIRED_HINTS[missing] ?? ''}`.trim(),
        missingFieldFixes(object, missing, path, context),
      );
    }
    case 'minimum':
      return at(node, `${field} must be at least ${error.params.limit} s.`);
    case 'exclusiveMinimum':
      return at(node, `${field} must be greater than ${error.params.limit}: a video has a length.`);
    case 'minLength':
      return at(node, `${field} must not be empty.`);
    case 'multipleOf':
    default:
      return at(node, `${field} ${error.message ?? 'does not match the schema'}.`);
  }
}

const REQUIRED_HINTS: Record<string, string> = {
  videoId: 'Add the id of the video, e.g. "videoId": 5.',
  durationSeconds: 'Add the length of the video in seconds, e.g. "durationSeconds": 2975.',
  annotations: 'Add "annotations": [] when the video has no segments.',
  label: 'Add the activity, e.g. "label": "suturing".',
  startSeconds: 'Add the start time in seconds.',
  endSeconds: 'Add the end time in seconds.',
};

/** Repairs for a missing field, from what the file itself tells. */
function missingFieldFixes(
  object: JsonObject,
  missing: string,
  path: string[],
  { text, fileLabels, videoIdUsed }: FullContext,
): Fix[] {
  const kind = path.length >= 3 ? 'segment' : 'entry';
  const known = KNOWN_KEYS[kind];
  // A near-miss key ("startSecond", "StartSeconds") is the missing field under a wrong name.
  const misspelt = object.properties.find(
    (p) => !known.includes(p.key.value) && editDistance(p.key.value.toLowerCase(), missing.toLowerCase(), 2) <= 2,
  );
  if (misspelt) {
    return [
      {
        title: `Rename "${misspelt.key.value}" to "${missing}"`,
        preferred: true,
        edits: [replaceNode(misspelt.key, JSON.stringify(missing))],
      },
    ];
  }
  if (missing === 'annotations') {
    return [
      { title: 'Add "annotations": []', preferred: true, edits: [appendProperty(text, object, 'annotations', '[]')] },
    ];
  }
  if (missing === 'label' && fileLabels.size === 1) {
    const [only] = fileLabels.keys();
    return [
      {
        title: `Add "label": "${only}" (the only label in this file)`,
        preferred: true,
        edits: [appendProperty(text, object, 'label', JSON.stringify(only))],
      },
    ];
  }
  if (missing === 'videoId') {
    const video = getProperty(object, 'video')?.value;
    if (video?.type === 'string') {
      const id = video.value.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
      if (id && !videoIdUsed(id)) {
        const value = /^\d+$/.test(id) && id.length < 16 ? id : JSON.stringify(id);
        return [
          {
            title: `Add "videoId": ${value} (from the video file name)`,
            preferred: false,
            edits: [appendProperty(text, object, 'videoId', value)],
          },
        ];
      }
    }
  }
  return [];
}

function numericText(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number.isFinite(Number(trimmed)) ? trimmed : undefined;
}

const typeName = (type: string): string =>
  type === 'integer' ? 'an integer' : type === 'array' ? 'an array' : type === 'object' ? 'an object' : `a ${type}`;

function describeNode(node: JsonNode): string {
  switch (node.type) {
    case 'string':
      return `a string`;
    case 'number':
      return Number.isInteger(node.value) ? 'an integer' : 'a fractional number';
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
  }
}

function decodePointer(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function nodeAtPath(root: JsonNode, path: readonly string[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const token of path) {
    if (!node) return undefined;
    if (node.type === 'array') node = node.items[Number(token)];
    else if (node.type === 'object') node = getProperty(node, token)?.value;
    else return undefined;
  }
  return node;
}
