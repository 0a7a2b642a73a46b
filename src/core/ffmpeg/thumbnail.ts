import { execFile } from 'node:child_process';
import type { FfmpegTools } from './types';

/**
 * A small JPEG of the frame shown at `seconds` (input seeking returns the first frame at or after
 * the time), `height` pixels high. One short ffmpeg run; the caller caches.
 */
export function extractThumbnail(tools: FfmpegTools, file: string, seconds: number, height = 120, signal?: AbortSignal): Promise<Buffer> {
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-ss', seconds.toFixed(3), '-i', file,
    '-frames:v', '1', '-vf', `scale=-2:${height}`,
    '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '5', 'pipe:1',
  ];
  return new Promise((resolve, reject) => {
    execFile(tools.ffmpeg, args, { encoding: 'buffer', maxBuffer: 8 * 1024 * 1024, timeout: 15_000, signal }, (error, stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg could not read a frame at ${seconds} s of ${file}: ${stderr.toString().trim().split('\n').pop() ?? error.message}`));
      else if (!stdout.length) reject(new Error(`${file} has no frame at ${seconds} s.`));
      else resolve(stdout);
    });
  });
}
