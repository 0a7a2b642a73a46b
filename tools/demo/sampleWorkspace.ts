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
  /** Where "suturing" really happens: drawn as a distinct texture, so that a classifier can learn it. */
  readonly suturing: ReadonlyArray<readonly [number, number]>;
}

/** Long enough for the documented example (video 5 lasts 2975 s); 1 fps keeps them small and quick to make. */
const VIDEOS: readonly SampleVideo[] = [
  { id: 5, seconds: 2975, suturing: [[2115.215, 2319.541], [2528.884, 2975]] },
  { id: 7, seconds: 600, suturing: [[30, 120], [410, 455]] },
  { id: 12, seconds: 300, suturing: [[12.5, 61], [140, 199.9]] },
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

/** The clean annotation file the demo trains on (the other files show the editor's checks). */
export const TRAINING_ANNOTATIONS = 'training.annotations.json';

/** Makes (or completes) the demo workspace: videos made with ffmpeg, annotation files, settings. */
export async function createSampleWorkspace(folder: string, baseModel: string, log: (line: string) => void): Promise<void> {
  const videos = path.join(folder, 'videos');
  fs.mkdirSync(videos, { recursive: true });
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  const ffmpeg = ffmpegPath();
  for (const video of VIDEOS) {
    const target = path.join(videos, `${video.id}.mp4`);
    if (fs.existsSync(target)) continue;
    const partial = `${target}.partial.mp4`;
    log(`Making ${path.relative(folder, target)} (${video.seconds} s) with ffmpeg…`);
    // The test pattern shows a running second counter, so the frame at a time can be checked by eye;
    // during "suturing" a fractal covers its middle, the visual difference the classifier learns.
    const during = video.suturing.map(([start, end]) => `between(t,${start},${end})`).join('+');
    await run(ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=1:duration=${video.seconds}`,
      '-f', 'lavfi', '-i', `mandelbrot=size=200x150:rate=1:start_scale=2.5`,
      '-filter_complex', `[0:v][1:v]overlay=x=60:y=45:shortest=1:enable='${during}',format=yuv420p`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10',
      partial,
    ]);
    fs.renameSync(partial, target);
  }
  writeIfChanged(path.join(folder, 'suturing.annotations.json'), ANNOTATIONS);
  writeIfChanged(path.join(folder, 'available-suturing-segments.json'), CONTENT_DETECTED);
  // The clean truth of the sample videos: what the demo extracts and trains on.
  const truth = VIDEOS.map((video) => ({
    videoId: video.id,
    durationSeconds: video.seconds,
    annotations: video.suturing.map(([startSeconds, endSeconds]) => ({ label: 'suturing', startSeconds, endSeconds })),
  }));
  writeIfChanged(path.join(folder, TRAINING_ANNOTATIONS), JSON.stringify(truth, null, 2) + '\n');
  // The demo folder sits inside this repository: no prompt to open that repository.
  const settings = { 'surgeryClassifier.videosFolder': 'videos', 'surgeryClassifier.baseModel': baseModel, 'git.openRepositoryInParentFolders': 'never' };
  writeIfChanged(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

function writeIfChanged(file: string, content: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  fs.writeFileSync(file, content);
}
