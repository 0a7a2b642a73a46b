// The official protos of the messages beyond scalars (summary.proto's Value with its image, histo,
// tensor and metadata; the pr_curves, hparams and projector plugins' own messages), loaded with
// protobufjs from the unmodified copies in test/fixtures/tensorboard/proto (NOTICE.md there).
// Shares no code with src/core/tensorboard.
import * as path from 'node:path';
import { Root, type Type } from 'protobufjs';
import { PROTO_DIR } from './independentReader';

/** Import paths of the official files → their flat fixture copies; google/protobuf/* stays protobufjs's bundled copy. */
const FIXTURES: Record<string, string> = {
  'tensorboard/plugins/pr_curve/plugin_data.proto': 'pr_curve_plugin_data.proto',
  'tensorboard/plugins/hparams/plugin_data.proto': 'hparams_plugin_data.proto',
  'tensorboard/plugins/hparams/api.proto': 'api.proto',
  'tensorboard/plugins/projector/projector_config.proto': 'projector_config.proto',
};

let root: Root | undefined;

function officialRoot(): Root {
  if (root) return root;
  const protos = new Root();
  protos.resolvePath = (_origin, target) => {
    if (target.includes('google/protobuf/')) return target.slice(target.indexOf('google/protobuf/'));
    const known = Object.entries(FIXTURES).find(([official, copy]) => target.endsWith(official) || path.basename(target) === copy);
    return path.join(PROTO_DIR, known ? known[1] : path.basename(target));
  };
  for (const file of ['event.proto', 'tensorboard/plugins/pr_curve/plugin_data.proto', 'tensorboard/plugins/hparams/plugin_data.proto', 'tensorboard/plugins/projector/projector_config.proto']) {
    protos.loadSync(file, { keepCase: true });
  }
  protos.resolveAll();
  root = protos;
  return protos;
}

export const officialType = (name: string): Type => officialRoot().lookupType(name);

/** Decodes `bytes` as the named message into a plain object (longs as strings, bytes as Buffers, oneofs named). */
export function decodeAs(name: string, bytes: Uint8Array): Record<string, unknown> {
  const type = officialType(name);
  return type.toObject(type.decode(bytes), { longs: String, bytes: Buffer, oneofs: true, defaults: false }) as Record<string, unknown>;
}

/** protobufjs's own encoding of the decoded message: equal bytes mean ours is the canonical encoding. */
export function reencodeAs(name: string, bytes: Uint8Array): Uint8Array {
  const type = officialType(name);
  return type.encode(type.decode(bytes)).finish();
}
