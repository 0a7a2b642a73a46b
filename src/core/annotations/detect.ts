/**
 * Whether a JSON text has the annotation shape: a top-level array of objects with "videoId" and
 * "annotations". Looks only at the start of the text, so it is cheap for any JSON file.
 */
export function looksLikeAnnotations(text: string, window = 65536): boolean {
  const head = text.length > window ? text.slice(0, window) : text;
  const first = /^[\s\ufeff]*(\S)/.exec(head);
  if (!first || first[1] !== '[') return false;
  const object = /^[\s\ufeff]*\[\s*\{/.test(head);
  return object && head.includes('"videoId"') && head.includes('"annotations"');
}
