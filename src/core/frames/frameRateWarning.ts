import type { VideoProbe } from '../ffmpeg/types';

/**
 * A step shorter than one frame interval samples the same decoded frame several times: the dataset
 * fills with copies that look like more data and leak between neighbouring times.
 */
export function duplicateFramesWarning(
  videoId: string | number,
  step: number,
  probe: Pick<VideoProbe, 'fps'>,
): string | undefined {
  if (!(probe.fps > 0) || step >= 1 / probe.fps) return undefined;
  const interval = 1 / probe.fps;
  return (
    `Video ${videoId}: the step of ${step} s is shorter than one frame interval (${interval.toFixed(4)} s at ` +
    `${round(probe.fps)} fps), ` +
    (`so about ${Math.round(interval / step)} consecutive frames are copies of one picture. Use a step of at ` +
      `least ${interval.toFixed(3)} s.`)
  );
}

const round = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));
