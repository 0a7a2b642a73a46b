import { nodeEnd, type JsonArray, type JsonObject, type NodeBase } from '../json/jsonTree';
import type { TextEdit } from '../problem';

/** Small, format-keeping text edits: each touches only what a repair must change. */

export const replaceNode = (node: NodeBase, newText: string): TextEdit => ({
  offset: node.offset,
  length: node.length,
  newText,
});

export const sourceOf = (text: string, node: NodeBase): string => text.slice(node.offset, nodeEnd(node));

/**
 * Deletes items from an array with their separators, leaving the layout of the kept items alone.
 * Consecutive deleted items become one edit, so that edits never overlap.
 */
export function deleteArrayItems(array: JsonArray, indices: ReadonlySet<number>): TextEdit[] {
  return deleteMembers(array.items, indices);
}

/** The same for the members of any list: array items, or an object's properties. */
export function deleteMembers(items: readonly NodeBase[], indices: ReadonlySet<number>): TextEdit[] {
  const edits: TextEdit[] = [];
  let i = 0;
  while (i < items.length) {
    if (!indices.has(i)) {
      i++;
      continue;
    }
    let last = i;
    while (last + 1 < items.length && indices.has(last + 1)) last++;
    let from: number;
    let to: number;
    if (last + 1 < items.length) {
      // Remove up to where the next kept item starts: takes the comma and the whitespace after it.
      from = items[i].offset;
      to = items[last + 1].offset;
    } else if (i > 0) {
      // The run ends the array: remove from the end of the previous kept item, taking its comma.
      from = nodeEnd(items[i - 1]);
      to = nodeEnd(items[last]);
    } else {
      from = items[i].offset;
      to = nodeEnd(items[last]);
    }
    edits.push({ offset: from, length: to - from, newText: '' });
    i = last + 1;
  }
  return edits;
}

/** Adds `"key": value` as the last property, in the object's own layout (one line or one per line). */
export function appendProperty(text: string, object: JsonObject, key: string, valueText: string): TextEdit {
  const properties = object.properties;
  const member = `${JSON.stringify(key)}: ${valueText}`;
  if (properties.length === 0) {
    return { offset: object.offset + 1, length: 0, newText: member };
  }
  const last = properties[properties.length - 1];
  const lastEnd = nodeEnd(last);
  const lineStart = text.lastIndexOf('\n', last.offset - 1) + 1;
  const multiLine = lineStart > object.offset;
  if (multiLine) {
    const indent = /^[ \t]*/.exec(text.slice(lineStart, last.offset))?.[0] ?? '';
    const newline = text.charCodeAt(lineStart - 2) === 0x0d ? '\r\n' : '\n';
    return { offset: lastEnd, length: 0, newText: `,${newline}${indent}${member}` };
  }
  return { offset: lastEnd, length: 0, newText: `, ${member}` };
}

/** Shortest decimal text of a number, as JSON writes it. */
export const numberText = (value: number): string => JSON.stringify(value);
