// Names from the data become file and folder names (`<split>/<label>/<videoId>-<t>.jpg`): one rule for
// what is safe, used by validate (so the editor says it first) and by extraction (which refuses it).

/** Characters that make a name unusable as a file name on some system, or a path outside its folder. */
// eslint-disable-next-line no-control-regex -- control characters (U+0000–U+001F, DEL) are unsafe in file names
const UNSAFE_CHARACTERS = /[/\\<>:"|?*\u0000-\u001f\u007f]/;

/** File names have 255 bytes on common file systems; the frame name adds `-<time>.jpg` to the id. */
export const MAX_NAME_BYTES = 200;

/** Why a videoId cannot name a file inside the output folder, or undefined when it is safe. */
export function unsafeVideoIdReason(id: string | number): string | undefined {
  if (typeof id === 'number') {
    if (!Number.isFinite(id)) return 'is too large to be a number (JSON readers read it as Infinity)';
    if (!Number.isSafeInteger(id))
      return `is above 2^53 (${Number.MAX_SAFE_INTEGER}), so readers round it and it is not stored as written`;
    return undefined;
  }
  return unsafeNameReason(id);
}

/** Why a name from the data (videoId, label) cannot be a file or folder name, or undefined when it can. */
export function unsafeNameReason(id: string): string | undefined {
  if (utf8Length(id) > MAX_NAME_BYTES) return `is longer than ${MAX_NAME_BYTES} bytes, too long for a file name`;
  if (id.includes('..')) return "contains '..'";
  const bad = UNSAFE_CHARACTERS.exec(id);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    return code < 0x20 || code === 0x7f
      ? `contains the control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`
      : `contains '${bad[0]}'`;
  }
  if (id.trim() !== id) return 'starts or ends with white space';
  if (id === '.') return "is '.'";
  return undefined;
}

const utf8Length = (text: string): number =>
  text.length * 3 <= MAX_NAME_BYTES ? text.length : new TextEncoder().encode(text).length;

/** Why a label cannot name a class folder, or undefined when it can. */
export function unsafeLabelReason(label: string): string | undefined {
  if (!label.trim()) return label ? 'is only white space' : 'is empty';
  return unsafeNameReason(label);
}
