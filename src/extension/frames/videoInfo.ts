import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { probeVideo } from '../../core/ffmpeg/probeVideo';
import { extractThumbnail } from '../../core/ffmpeg/thumbnail';
import type { Log } from '../log';
import { DisposableStore } from '../util/dispose';
import type { FfmpegToolsService } from './ffmpegTools';

const THUMBNAILS_KEPT = 64;

/**
 * What the editor knows about video files: real durations (probed once per file version, in the
 * background) and frame thumbnails for hovers. Only in trusted workspaces: both run ffmpeg.
 */
export class VideoInfoService extends DisposableStore {
  private readonly durations = new Map<string, { mtime: number; seconds: number | undefined }>();
  private readonly probing = new Set<string>();
  private readonly thumbnails = new Map<string, Promise<string | undefined>>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when a probe finished: diagnostics that depend on durations should be recomputed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly tools: FfmpegToolsService,
    private readonly log: Log,
  ) {
    super();
  }

  /** The probed length of a video, or undefined while unknown (a probe is then started). */
  duration(file: string): number | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    let mtime: number;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const known = this.durations.get(file);
    if (known && known.mtime === mtime) return known.seconds;
    if (!this.probing.has(file)) void this.probe(file, mtime);
    return undefined;
  }

  /** A data: URI of the frame at `seconds`, or undefined when ffmpeg cannot give one. */
  thumbnail(file: string, seconds: number): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) return Promise.resolve(undefined);
    const key = `${file}@${seconds}`;
    let cached = this.thumbnails.get(key);
    if (!cached) {
      cached = this.tools
        .get()
        .then((tools) => extractThumbnail(tools, file, seconds))
        .then((jpeg) => `data:image/jpeg;base64,${jpeg.toString('base64')}`)
        .catch((error: unknown) => {
          this.log.warn(`Thumbnail: ${error instanceof Error ? error.message : String(error)}`);
          this.thumbnails.delete(key);
          return undefined;
        });
      this.thumbnails.set(key, cached);
      if (this.thumbnails.size > THUMBNAILS_KEPT) this.thumbnails.delete(this.thumbnails.keys().next().value!);
    }
    return cached;
  }

  private async probe(file: string, mtime: number): Promise<void> {
    this.probing.add(file);
    try {
      const probe = await probeVideo(await this.tools.get(), file);
      this.durations.set(file, { mtime, seconds: probe.duration });
      this.log.debug(
        `Probed ${file}: ${probe.duration.toFixed(3)} s, ${probe.fps.toFixed(2)} fps, keyframe every ` +
          `${probe.keyframeInterval.toFixed(2)} s`,
      );
    } catch (error) {
      this.durations.set(file, { mtime, seconds: undefined });
      this.log.warn(`Could not probe ${file}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.probing.delete(file);
    }
    this.changed.fire();
  }
}
