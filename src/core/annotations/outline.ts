import type { TextSpan } from '../problem';
import type { AnnotationModel } from './model';
import { formatTimestamp } from './time';
import { formatVideoSummary, summarizeVideo } from './videoSummary';

export interface OutlineItem {
  readonly name: string;
  readonly detail: string;
  readonly kind: 'video' | 'segment';
  /** The whole entry or segment. */
  readonly span: TextSpan;
  /** What to select when the item is picked: the videoId or the start time. */
  readonly selection: TextSpan;
  readonly children: OutlineItem[];
}

/** Videos and their segments with readable times, for the Outline view and breadcrumbs. */
export function outline(model: AnnotationModel): OutlineItem[] {
  return model.entries.map((entry) => {
    const children = entry.segments.map((segment): OutlineItem => {
      const start = segment.start ? formatTimestamp(segment.start.value) : '?';
      const end = segment.end ? formatTimestamp(segment.end.value) : '?';
      return {
        name: `${segment.label?.value || '(no label)'} ${start} → ${end}`,
        detail: segment.start && segment.end ? `${(segment.end.value - segment.start.value).toFixed(3)} s` : '',
        kind: 'segment',
        span: segment.node,
        selection: segment.start?.node ?? segment.node,
        children: [],
      };
    });
    const duration = entry.duration ? formatTimestamp(entry.duration.value) + ' · ' : '';
    return {
      name: entry.videoId ? `Video ${entry.videoId.value}` : `Video #${entry.index + 1} (no videoId)`,
      detail: `${duration}${formatVideoSummary(summarizeVideo(entry))}`,
      kind: 'video',
      span: entry.node,
      selection: entry.videoId?.node ?? entry.node,
      children,
    };
  });
}
