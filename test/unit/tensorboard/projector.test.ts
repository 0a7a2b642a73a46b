import * as assert from 'node:assert/strict';
import { projectorConfigText, spriteLayout, tensorTsvRow, textFormatString, tsvRow } from '../../../src/core/tensorboard/projector';
import { officialType } from './support/pluginProtos';

/** A small reader of protobuf text format (what projector_config.pbtxt uses), checked field by field against projector_config.proto. */
function parseTextFormat(text: string, typeName: string): Record<string, unknown[]> {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|[{}:]|[^\s{}:"]+/g) ?? [];
  let at = 0;
  const message = (type: string): Record<string, unknown[]> => {
    const fields = officialType(type).fields;
    const out: Record<string, unknown[]> = {};
    while (at < tokens.length && tokens[at] !== '}') {
      const name = tokens[at++];
      const field = fields[name];
      assert.ok(field, `${type} has no field ${name}`);
      let value: unknown;
      if (tokens[at] === '{') {
        at++;
        field.resolve();
        assert.ok(field.resolvedType && 'fields' in field.resolvedType, `${name} is not a message`);
        value = message(field.resolvedType.fullName.slice(1));
        assert.equal(tokens[at++], '}');
      } else {
        assert.equal(tokens[at++], ':', `a colon after ${name}`);
        const raw = tokens[at++];
        if (field.type === 'string') {
          assert.match(raw, /^".*"$/, `${name} is a string`);
          value = JSON.parse(raw);
        } else {
          assert.equal(field.type, 'uint32', `${name}: ${field.type}`);
          assert.match(raw, /^\d+$/);
          value = Number(raw);
        }
      }
      assert.ok(field.repeated || !out[name], `${name} is not repeated`);
      (out[name] ??= []).push(value);
    }
    return out;
  };
  const config = message(typeName);
  assert.equal(at, tokens.length, 'nothing left over');
  return config;
}

describe('tensorboard: projector files against the official projector_config.proto', () => {
  it('projector_config.pbtxt: every field is the proto’s, with its type, and the values are ours', () => {
    const text = projectorConfigText([{ tensorName: 'frames', tensorPath: 'projector/tensor.tsv', metadataPath: 'projector/metadata.tsv', tensorShape: [120, 256], sprite: { imagePath: 'projector/sprite.jpg', singleImageDim: [64, 64] } }]);
    const config = parseTextFormat(text, 'tensorboard.projector.ProjectorConfig');
    const [embedding] = config.embeddings as Array<Record<string, unknown[]>>;
    assert.deepEqual(embedding.tensor_name, ['frames']);
    assert.deepEqual(embedding.tensor_path, ['projector/tensor.tsv']);
    assert.deepEqual(embedding.metadata_path, ['projector/metadata.tsv']);
    assert.deepEqual(embedding.tensor_shape, [120, 256]);
    assert.deepEqual(embedding.sprite, [{ image_path: ['projector/sprite.jpg'], single_image_dim: [64, 64] }]);
  });

  it('escapes strings as text format does', () => {
    assert.equal(textFormatString('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
    assert.throws(() => projectorConfigText([{ tensorName: 'x', tensorPath: 'x', metadataPath: 'y', tensorShape: [-1, 2] }]), RangeError);
  });

  it('TSV rows: cells cannot split a row; numbers keep 4 significant digits; non-finite becomes 0', () => {
    assert.equal(tsvRow(['a\tb', 'c\nd', 3, true]), 'a b\tc d\t3\ttrue\n');
    assert.equal(tensorTsvRow([0.123456, 1234567, -0.00012346, 0, NaN, Infinity]), '0.1235\t1235000\t-0.0001235\t0\t0\t0\n');
  });

  it('sprite layout: ⌈√n⌉ per row, thumbnails shrink so that the image stays within 8192 px', () => {
    assert.deepEqual(spriteLayout(56), { columns: 8, rows: 7, thumbnail: 64, width: 512, height: 448 });
    const big = spriteLayout(5000);
    assert.deepEqual([big.columns, big.rows, big.thumbnail], [71, 71, 64]);
    const huge = spriteLayout(40000);
    assert.ok(huge.width <= 8192 && huge.height <= 8192 && huge.thumbnail === 40, JSON.stringify(huge));
    assert.throws(() => spriteLayout(0), RangeError);
  });
});
