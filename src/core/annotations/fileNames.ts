/**
 * The fileMatch of the manifest's `jsonValidation` contribution: files of this name get the schema
 * from VS Code's JSON support, so the extension must not report schema problems for them again.
 * A unit test keeps it equal to package.json.
 */
export const JSON_VALIDATION_FILE_MATCH = '*.annotations.json';

export function isCoveredByJsonValidation(fileName: string): boolean {
  const base = fileName.replace(/^.*[\\/]/, '');
  return base.endsWith(JSON_VALIDATION_FILE_MATCH.slice(1)) && base.length > JSON_VALIDATION_FILE_MATCH.length - 1;
}
