/**
 * A path as an ffmpeg URL. ffmpeg takes `name:` prefixes for protocols, so a file named `a:b.mp4`
 * (or `-`, `pipe:1`) would be read as something else; the `file:` protocol reads any path literally.
 */
export function fileUrl(file: string): string {
  return `file:${file}`;
}
