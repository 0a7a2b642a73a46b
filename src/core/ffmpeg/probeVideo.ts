import * as fs from 'node:fs';
import { fileUrl } from './fileUrl';
import { logSummary, runTool, ToolFailure } from './toolProcess';
import { parseProbe, type FfprobeOutput } from './parseProbe';
import { VideoError, type FfmpegTools, type VideoProbe } from './types';

/**
 * Reads a video's frame clock with one ffprobe run over the packets (demuxed, not decoded: a
 * 10-minute 720p video takes ~0.15 s). A missing, unreadable or cut-short file is a VideoError
 * that names the file and the problem.
 */
export async function probeVideo(tools: FfmpegTools, file: string, signal?: AbortSignal): Promise<VideoProbe> {
  await assertReadableFile(file);
  const args = [
    '-v',
    'error',
    '-select_streams',
    'v',
    '-show_streams',
    '-show_format',
    '-show_entries',
    'packet=stream_index,pts,dts,flags',
    '-of',
    'json',
    fileUrl(file),
  ];
  const { stdout, stderrTail } = await runOrExplain(() => runTool(tools.ffprobe, args, { signal }), file, 'ffprobe');
  let output: FfprobeOutput;
  try {
    output = JSON.parse(stdout.toString('utf8')) as FfprobeOutput;
  } catch {
    throw new VideoError(
      file,
      `Cannot read the video ${file}: ffprobe gave no readable answer ` +
        `(${logSummary(stderrTail, file) || 'no message'}).`,
    );
  }
  const parsed = parseProbe(output, stderrTail);
  if (!parsed.ok)
    throw new VideoError(
      file,
      `The video ${file} ${parsed.problem}.${/cut short/.test(parsed.problem) ? ' Copy or export it again.' : ''}`,
    );
  if (!parsed.timesFromDts) return parsed.probe;
  // Containers without presentation times (AVI) leave them to the decoder, which shifts them by its
  // reordering delay: read the first decoded frame's time from the ffmpeg that will do the decoding.
  const firstTicks = await firstDecodedTicks(tools, file, parsed.probe.streamIndex, signal);
  return withDecoderDelay(parsed.probe, firstTicks * parsed.timeBase);
}

/**
 * The clock of a stream timed by decode order: frames show `startTime` later than their decode
 * times. The last frames, flushed out of the decoder's reorder buffer, get guessed times that no
 * packet predicts (ffmpeg 4.1 and ffprobe 6 differ there), so they are left out: asking for them is
 * then a clear error instead of a possibly wrong frame.
 */
function withDecoderDelay(probe: VideoProbe, startTime: number): VideoProbe {
  const frameDuration =
    probe.framePts.length > 1 ? probe.framePts[probe.framePts.length - 1] / (probe.framePts.length - 1) : 0;
  const delayFrames = frameDuration > 0 ? Math.max(0, Math.round((startTime - probe.startTime) / frameDuration)) : 0;
  if (!delayFrames || delayFrames >= probe.framePts.length) return { ...probe, startTime };
  const framePts = probe.framePts.slice(0, probe.framePts.length - delayFrames);
  const lastEnd = framePts[framePts.length - 1] + frameDuration;
  return {
    ...probe,
    startTime,
    framePts,
    keyframePts: probe.keyframePts.filter((t) => t <= framePts[framePts.length - 1]),
    duration: Math.min(probe.duration, lastEnd),
  };
}

async function firstDecodedTicks(
  tools: FfmpegTools,
  file: string,
  streamIndex: number,
  signal?: AbortSignal,
): Promise<number> {
  const args = [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-v',
    'info',
    '-copyts',
    '-i',
    fileUrl(file),
    '-map',
    `0:${streamIndex}`,
    '-frames:v',
    '1',
    '-vf',
    'showinfo',
    '-f',
    'null',
    '-',
  ];
  const { stderrTail } = await runOrExplain(() => runTool(tools.ffmpeg, args, { signal }), file, 'ffmpeg');
  const match = /\bpts:\s*(-?\d+)\s+pts_time:/.exec(stderrTail);
  if (!match)
    throw new VideoError(
      file,
      `Cannot decode the first frame of ${file} (${logSummary(stderrTail, file) || 'no message'}).`,
    );
  return Number(match[1]);
}

async function assertReadableFile(file: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new VideoError(file, `The video ${file} was not found.`);
  }
  if (!stat.isFile()) throw new VideoError(file, `The video ${file} is not a file.`);
  if (stat.size === 0) throw new VideoError(file, `The video ${file} is empty (0 bytes).`);
}

async function runOrExplain<T>(run: () => Promise<T>, file: string, tool: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ToolFailure) {
      const reason = logSummary(error.stderrTail, file) || `${tool} ${error.message}`;
      throw new VideoError(file, `Cannot read the video ${file} (${reason}). It is corrupt, cut short or not a video.`);
    }
    throw error;
  }
}
