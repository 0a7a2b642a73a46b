import type { DuplicateKey } from '../../json/jsonTree';
import type { Problem } from '../../problem';
import { LineIndex } from '../../text/lineIndex';
import { deleteMembers } from '../edits';

/**
 * A key written twice in one object: every JSON reader keeps the last value and drops the first
 * without a word, so a corrected time written below the old one hides the old one, or the reverse.
 * Found by the parser, which sees every object's keys anyway.
 */
export function duplicateKey(text: string, duplicates: readonly DuplicateKey[], lines?: () => LineIndex): Problem[] {
  if (!duplicates.length) return [];
  const lineIndex = lines?.() ?? new LineIndex(text);
  return duplicates.map(({ object, first, duplicate }): Problem => {
    const name = JSON.stringify(duplicate.key.value);
    const firstLine = lineIndex.positionAt(first.key.offset).line + 1;
    return {
      code: 'duplicate-key',
      severity: 'warning',
      message:
        `${name} appears twice in this object (first on line ${firstLine}); JSON readers keep the last one. ` +
        'Remove one.',
      span: { offset: duplicate.key.offset, length: duplicate.key.length },
      related: [
        {
          span: { offset: first.key.offset, length: first.key.length },
          message: `first ${name}, ignored by JSON readers`,
        },
      ],
      fixes: [
        {
          // Removing the ignored one keeps what every reader reads.
          title: `Remove the first ${name} (the one JSON readers ignore)`,
          preferred: true,
          edits: deleteMembers(object.properties, new Set([object.properties.indexOf(first)])),
        },
      ],
    };
  });
}
