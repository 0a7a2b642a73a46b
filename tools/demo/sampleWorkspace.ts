import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The ffmpeg binary shipped inside the @ffmpeg-installer npm package (always installs offline). */
function ffmpegPath(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
  return installer.path;
}

interface SampleVideo {
  readonly id: number;
  readonly seconds: number;
}

/** Long enough for the documented example (video 5 lasts 2975 s); 1 fps keeps them small and quick to make. */
const VIDEOS: readonly SampleVideo[] = [
  { id: 5, seconds: 2975 },
  { id: 7, seconds: 600 },
  { id: 12, seconds: 300 },
];

/** The example from shared/docs/annotation-format.md (copied from a real file), then more videos with typical mistakes. */
const ANNOTATIONS = `[
  {
    "annotations": [
      { "endSeconds": 2115.215, "label": "suturing", "startSeconds": 2319.541 },
      { "endSeconds": 2976.301, "label": "suturing", "startSeconds": 2528.884 }
    ],
    "durationSeconds": 2975,
    "videoId": 5
  },
  {
    "videoId": 7,
    "durationSeconds": 600,
    "annotations": [
      { "label": "suturing", "startSeconds": 30, "endSeconds": 95.5, "annotator": "A. Expert" },
      { "label": "suturing", "startSeconds": 80, "endSeconds": 120 },
      { "label": "suturing", "startSeconds": 300, "endSeconds": 300 },
      { "label": "suturng", "startSeconds": 410, "endSeconds": 455 }
    ]
  },
  {
    "videoId": 12,
    "durationSeconds": "300",
    "annotations": [
      { "label": "suturing", "startSeconds": 12.5, "endSeconds": 61 },
      { "label": "suturing", "startSeconds": 140, "endSeconds": 199.9, "notes": "needle driver changes hands" }
    ]
  }
]
`;

/** Recognised by its content, like the original file name. */
const CONTENT_DETECTED = `[
  {
    "videoId": 12,
    "durationSeconds": 300,
    "annotations": [
      { "label": "suturing", "startSeconds": 12.5, "endSeconds": 61 },
      { "label": "suturing", "startSeconds": 61, "endSeconds": 59 }
    ]
  }
]
`;

/** Makes (or completes) the demo workspace: videos made with ffmpeg, annotation files, settings. */
export async function createSampleWorkspace(folder: string, log: (line: string) => void): Promise<void> {
  const videos = path.join(folder, 'videos');
  fs.mkdirSync(videos, { recursive: true });
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  const ffmpeg = ffmpegPath();
  for (const video of VIDEOS) {
    const target = path.join(videos, `${video.id}.mp4`);
    if (fs.existsSync(target)) continue;
    const partial = `${target}.partial.mp4`;
    log(`Making ${path.relative(folder, target)} (${video.seconds} s) with ffmpeg…`);
    // The test pattern shows a running frame counter, so the frame at a time can be checked by eye.
    await run(ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=1:duration=${video.seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '10',
      partial,
    ]);
    fs.renameSync(partial, target);
  }
  writeIfChanged(path.join(folder, 'suturing.annotations.json'), ANNOTATIONS);
  writeIfChanged(path.join(folder, 'available-suturing-segments.json'), CONTENT_DETECTED);
  writeIfChanged(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'surgeryClassifier.videosFolder': 'videos' }, null, 2) + '\n');
}

function writeIfChanged(file: string, content: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  fs.writeFileSync(file, content);
}
