import type { Problem, TextEdit } from '../../problem';
import { deleteArrayItems, replaceNode, sourceOf } from '../edits';
import { isWellFormed, type AnnotationModel, type Segment } from '../model';
import type { RuleContext } from '../ruleContext';

type TimedSegment = Segment & Required<Pick<Segment, 'label' | 'start' | 'end'>>;

/** Segments of one label in one video that overlap, directly or through a chain. */
interface OverlapGroup {
  readonly keep: TimedSegment;
  readonly others: TimedSegment[];
  /** The segment whose end is the latest: where the merged segment ends. */
  readonly latestEnd: TimedSegment;
  /** For each of `others`, the earlier member it overlaps. */
  readonly overlapped: Map<TimedSegment, TimedSegment>;
}

const SEGMENT_KEYS = new Set(['label', 'startSeconds', 'endSeconds']);

/** Same label, overlapping times: the frames in between would be counted twice. */
export function overlappingSegments({ text, model }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const group of overlapGroups(model)) {
    const merge = mergeEdits(text, [group]);
    for (const segment of group.others) {
      const other = group.overlapped.get(segment) ?? group.keep;
      problems.push({
        code: 'overlapping-segments',
        severity: 'warning',
        message:
          `"${segment.label.value}" segment ${segment.start.value}–${segment.end.value} s overlaps the ` +
          `"${other.label.value}" segment ${other.start.value}–${other.end.value} s of the same video. Merge ` +
          'them into one segment.',
        span: segment.start.node,
        related: [{ span: other.node, message: 'the overlapped segment' }],
        fixes: merge
          ? [
              {
                title: `Merge the ${group.others.length + 1} overlapping "${segment.label.value}" segments`,
                preferred: true,
                edits: merge,
              },
            ]
          : [],
      });
    }
  }
  return problems;
}

/** All merges of the file at once, with deletions computed per array so that edits never collide. */
export function mergeAllOverlapsEdits(text: string, model: AnnotationModel): TextEdit[] {
  return mergeEdits(text, overlapGroups(model)) ?? [];
}

/** Undefined when a merge would drop fields a user wrote (notes, annotator...) on a removed segment. */
function mergeEdits(text: string, groups: readonly OverlapGroup[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const deletionsByArray = new Map<Segment['entry'], Set<number>>();
  for (const group of groups) {
    if (group.others.some((segment) => segment.node.properties.some((p) => !SEGMENT_KEYS.has(p.key.value)))) {
      if (groups.length === 1) return undefined;
      continue;
    }
    if (group.latestEnd !== group.keep)
      edits.push(replaceNode(group.keep.end.node, sourceOf(text, group.latestEnd.end.node)));
    const indices = deletionsByArray.get(group.keep.entry) ?? new Set<number>();
    for (const segment of group.others) indices.add(segment.index);
    deletionsByArray.set(group.keep.entry, indices);
  }
  for (const [entry, indices] of deletionsByArray) {
    if (entry.annotationsNode) edits.push(...deleteArrayItems(entry.annotationsNode, indices));
  }
  return edits;
}

function overlapGroups(model: AnnotationModel): OverlapGroup[] {
  const groups: OverlapGroup[] = [];
  for (const entry of model.entries) {
    const byLabel = new Map<string, TimedSegment[]>();
    for (const segment of entry.segments) {
      if (!isWellFormed(segment)) continue;
      const list = byLabel.get(segment.label.value);
      if (list) list.push(segment);
      else byLabel.set(segment.label.value, [segment]);
    }
    for (const segments of byLabel.values()) {
      if (segments.length < 2) continue;
      segments.sort((a, b) => a.start.value - b.start.value || a.index - b.index);
      let current:
        | {
            keep: TimedSegment;
            others: TimedSegment[];
            latestEnd: TimedSegment;
            overlapped: Map<TimedSegment, TimedSegment>;
          }
        | undefined;
      for (const segment of segments) {
        if (current && segment.start.value < current.latestEnd.end.value) {
          current.others.push(segment);
          current.overlapped.set(segment, current.latestEnd);
          if (segment.end.value > current.latestEnd.end.value) current.latestEnd = segment;
          continue;
        }
        if (current && current.others.length) groups.push(current);
        current = { keep: segment, others: [], latestEnd: segment, overlapped: new Map() };
      }
      if (current && current.others.length) groups.push(current);
    }
  }
  return groups;
}
