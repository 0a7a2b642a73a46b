import {
  getProperty,
  type JsonArray,
  type JsonNode,
  type JsonNumber,
  type JsonObject,
  type JsonString,
} from '../json/jsonTree';

/** A field read from the tree: its value when it has the expected type, and the node either way. */
export interface Field<T, N extends JsonNode = JsonNode> {
  readonly value: T;
  readonly node: N;
}

export interface Segment {
  readonly node: JsonObject;
  readonly index: number;
  readonly entry: VideoEntry;
  readonly label?: Field<string, JsonString>;
  readonly start?: Field<number, JsonNumber>;
  readonly end?: Field<number, JsonNumber>;
}

export interface VideoEntry {
  readonly node: JsonObject;
  readonly index: number;
  readonly videoId?: Field<string | number>;
  readonly duration?: Field<number, JsonNumber>;
  readonly video?: Field<string, JsonString>;
  readonly annotationsNode?: JsonArray;
  readonly segments: Segment[];
}

export interface AnnotationModel {
  readonly root: JsonArray;
  readonly entries: VideoEntry[];
}

/**
 * Reads the annotation structure out of a tree, keeping every node; wrong types become absent fields.
 * firstIndex: the index of root.items[0] in the whole file, when root holds one window of its entries.
 */
export function readAnnotationModel(root: JsonNode | undefined, firstIndex = 0): AnnotationModel | undefined {
  if (!root || root.type !== 'array') return undefined;
  const entries: VideoEntry[] = [];
  root.items.forEach((item, index) => {
    if (item.type === 'object') entries.push(readEntry(item, firstIndex + index));
  });
  return { root, entries };
}

function readEntry(node: JsonObject, index: number): VideoEntry {
  const idNode = getProperty(node, 'videoId')?.value;
  const videoId =
    // Non-finite numbers (1e309) are kept so that unsafe-video-id can say why they cannot be ids.
    idNode &&
    (idNode.type === 'string' ||
      (idNode.type === 'number' && (Number.isInteger(idNode.value) || !Number.isFinite(idNode.value))))
      ? { value: idNode.value, node: idNode }
      : undefined;
  const annotationsNode = arrayValue(getProperty(node, 'annotations')?.value);
  const entry: VideoEntry = {
    node,
    index,
    videoId,
    duration: numberField(node, 'durationSeconds'),
    video: stringField(node, 'video'),
    annotationsNode,
    segments: [],
  };
  annotationsNode?.items.forEach((item, segmentIndex) => {
    if (item.type !== 'object') return;
    entry.segments.push({
      node: item,
      index: segmentIndex,
      entry,
      label: stringField(item, 'label'),
      start: numberField(item, 'startSeconds'),
      end: numberField(item, 'endSeconds'),
    });
  });
  return entry;
}

function arrayValue(node: JsonNode | undefined): JsonArray | undefined {
  return node?.type === 'array' ? node : undefined;
}

function numberField(object: JsonObject, key: string): Field<number, JsonNumber> | undefined {
  const node = getProperty(object, key)?.value;
  return node?.type === 'number' ? { value: node.value, node } : undefined;
}

function stringField(object: JsonObject, key: string): Field<string, JsonString> | undefined {
  const node = getProperty(object, key)?.value;
  return node?.type === 'string' ? { value: node.value, node } : undefined;
}

/** A segment whose times are usable for interval logic (overlaps, totals). */
export function isWellFormed(
  segment: Segment,
): segment is Segment & Required<Pick<Segment, 'label' | 'start' | 'end'>> {
  return (
    !!segment.label &&
    !!segment.start &&
    !!segment.end &&
    segment.start.value >= 0 &&
    segment.start.value < segment.end.value
  );
}

/** The file-name form of a videoId: 5 and "5" name the same video file. */
export const videoKey = (id: string | number): string => String(id);
