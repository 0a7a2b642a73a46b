import { nodePathAt, type JsonNode, type JsonProperty } from '../json/jsonTree';
import type { TextSpan } from '../problem';
import type { Analysis } from './analyze';
import { formatDuration, formatPercent, formatTimestamp } from './time';

const SECONDS_KEYS = new Set(['startSeconds', 'endSeconds', 'durationSeconds']);

export interface TimeHover {
  readonly span: TextSpan;
  /** Markdown lines. */
  readonly lines: string[];
  /** The time hovered, for hosts that add a video frame. */
  readonly seconds: number;
  readonly key: 'startSeconds' | 'endSeconds' | 'durationSeconds';
}

/** What a seconds value means to a person: the clock time, the segment's length, its share of the video. */
export function timeHoverAt(analysis: Analysis, offset: number): TimeHover | undefined {
  const root = analysis.parse.root;
  if (!root || !analysis.model) return undefined;
  const path = nodePathAt(root, offset);
  const leaf = path[path.length - 1];
  const property = path[path.length - 2];
  if (!leaf || leaf.type !== 'number' || property?.type !== 'property' || (property as JsonProperty).value !== leaf)
    return undefined;
  const key = (property as JsonProperty).key.value;
  if (!SECONDS_KEYS.has(key)) return undefined;
  const seconds = leaf.value;
  const entry = analysis.model.entries.find((candidate) => contains(candidate.node, offset));
  const duration = entry?.duration?.value;
  const lines = [`**${formatTimestamp(seconds)}** (${key})`];
  if (key === 'durationSeconds') {
    const count = entry?.segments.length ?? 0;
    lines.push(`Video length ${formatDuration(seconds)} · ${count} segment${count === 1 ? '' : 's'}`);
  } else {
    const segment = entry?.segments.find((candidate) => contains(candidate.node, offset));
    if (segment?.start && segment.end) {
      const length = segment.end.value - segment.start.value;
      lines.push(
        `Segment ${formatTimestamp(segment.start.value)} → ${formatTimestamp(segment.end.value)}, length ` +
          `${formatDuration(length)}${length <= 0 ? ' (not a valid segment)' : ''}`,
      );
    }
    if (duration && duration > 0) {
      lines.push(`${formatPercent(seconds / duration)} into the video (length ${formatTimestamp(duration)})`);
    }
  }
  return { span: { offset: leaf.offset, length: leaf.length }, lines, seconds, key: key as TimeHover['key'] };
}

const contains = (node: JsonNode, offset: number): boolean =>
  offset >= node.offset && offset <= node.offset + node.length;
