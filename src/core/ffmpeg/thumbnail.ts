import { fileUrl } from './fileUrl';
import { runTool } from './toolProcess';
import type { FfmpegTools } from './types';

/**
 * A small JPEG of the frame shown at `seconds` (input seeking returns the first frame at or after
 * the time), `height` pixels high. One short ffmpeg run through runTool (argument array, the
 * environment fix for the npm binaries, kill on abort); the caller caches.
 */
export async function extractThumbnail(
  tools: FfmpegTools,
  file: string,
  seconds: number,
  height = 120,
  signal?: AbortSignal,
): Promise<Buffer> {
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-ss',
    seconds.toFixed(3),
    '-i',
    fileUrl(file),
    '-frames:v',
    '1',
    '-vf',
    `scale=-2:${height}`,
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    'pipe:1',
  ];
  let stdout: Buffer;
  try {
    ({ stdout } = await runTool(tools.ffmpeg, args, { signal, timeoutMs: 15_000 }));
  } catch (error) {
    throw new Error(
      `ffmpeg could not read a frame at ${seconds} s of ${file}: ` +
        `${error instanceof Error ? error.message.split('\n').pop() : String(error)}`,
      { cause: error },
    );
  }
  if (!stdout.length) throw new Error(`${file} has no frame at ${seconds} s.`);
  return stdout;
}
