import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCoveredByJsonValidation, JSON_VALIDATION_FILE_MATCH } from '../../src/core/annotations/fileNames';
import { PROBLEM_CODES } from '../../src/core/problem';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('jsonValidation covers exactly the files the core leaves to it', () => {
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: JSON_VALIDATION_FILE_MATCH, url: './schemas/annotations.schema.json' }]);
    assert.ok(isCoveredByJsonValidation('/w/a.annotations.json'));
    assert.ok(!isCoveredByJsonValidation('/w/available-suturing-segments.json'));
    assert.ok(!isCoveredByJsonValidation('/w/.annotations.json.bak'));
  });

  it('every command has the category, and every setting a type and a description', () => {
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Surgery Classifier', command.command);
    for (const [key, setting] of Object.entries<Record<string, unknown>>(manifest.contributes.configuration.properties)) {
      assert.ok(setting.type, `${key} has no type`);
      assert.ok(setting.markdownDescription || setting.description, `${key} has no description`);
    }
  });

  it('declares limited support for untrusted workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('the schema file is valid JSON with descriptions, and problem codes are unique', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/annotations.schema.json'), 'utf8'));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.ok(schema.definitions.segment.properties.startSeconds.description);
    assert.equal(new Set(PROBLEM_CODES).size, PROBLEM_CODES.length);
  });
});

describe('command ids', () => {
  it('every id in CommandIds is contributed, and every contributed command is registered', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CommandIds } = require('../../src/extension/commands/commandIds') as typeof import('../../src/extension/commands/commandIds');
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(Object.values(CommandIds).sort(), contributed);
  });
});
