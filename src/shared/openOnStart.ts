/**
 * Panels to open when the extension starts, named in the editor's environment: the demo starts
 * code-server with it so that the browser opens on a dashboard and a video timeline. JSON:
 * `{ "dashboard": "<runs folder>", "predictVideo": { "video": "…", "runDir": "…", … } }`.
 */
export const OPEN_ON_START_ENV = 'SURGERY_CLASSIFIER_OPEN_ON_START';

/** The Predict Video command's scripted argument (absolute paths). */
export interface OpenTimeline {
  readonly video: string;
  readonly runDir: string;
  readonly annotations?: string;
  readonly videoId?: string;
  readonly everySeconds?: number;
}

export interface OpenOnStart {
  readonly dashboard?: string;
  readonly predictVideo?: OpenTimeline;
}

/** Undefined for anything but the documented shape. */
export function parseOpenOnStart(text: string | undefined): OpenOnStart | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { dashboard, predictVideo } = value as Record<string, unknown>;
  const timeline = predictVideo as Partial<Record<keyof OpenTimeline, unknown>> | null | undefined;
  const timelineOk =
    typeof timeline === 'object' &&
    timeline !== null &&
    typeof timeline.video === 'string' &&
    typeof timeline.runDir === 'string' &&
    ['annotations', 'videoId'].every(
      (key) =>
        timeline[key as keyof OpenTimeline] === undefined || typeof timeline[key as keyof OpenTimeline] === 'string',
    ) &&
    (timeline.everySeconds === undefined || (typeof timeline.everySeconds === 'number' && timeline.everySeconds > 0));
  return {
    ...(typeof dashboard === 'string' ? { dashboard } : {}),
    ...(timelineOk ? { predictVideo: timeline as OpenTimeline } : {}),
  };
}
