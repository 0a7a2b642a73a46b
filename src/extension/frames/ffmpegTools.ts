import * as vscode from 'vscode';
import { locateFfmpegTools } from '../../core/ffmpeg/locateTools';
import type { FfmpegTools } from '../../core/ffmpeg/types';
import { readToolSettings } from '../config';
import type { Log } from '../log';

/** Finds ffmpeg/ffprobe once per settings change, logs which and what version; only in trusted workspaces. */
export class FfmpegToolsService {
  private pending: Promise<FfmpegTools> | undefined;

  constructor(private readonly log: Log) {}

  reset(): void {
    this.pending = undefined;
  }

  get(): Promise<FfmpegTools> {
    if (!vscode.workspace.isTrusted) return Promise.reject(new Error('ffmpeg runs only in a trusted workspace.'));
    this.pending ??= locateFfmpegTools(readToolSettings()).then(
      (tools) => {
        this.log.info(`ffmpeg: ${tools.ffmpeg} (${tools.ffmpegSource}) — ${tools.ffmpegVersion}`);
        this.log.info(`ffprobe: ${tools.ffprobe} (${tools.ffprobeSource}) — ${tools.ffprobeVersion}`);
        return tools;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }
}
