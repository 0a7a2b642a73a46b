import {
  BUILTIN_EMBEDDING_LAYER,
  BUILTIN_INPUT_SIZE,
  type InputRange,
  TFHUB_MOBILENET_EMBEDDING_NODE,
} from './builtinModels';
import { ModelProblem } from './modelErrors';
import type { ModelJsonInfo } from './modelJson';

/**
 * The layer/node whose output is the embedding: the one asked for (which must exist), else the known MobileNet
 * names, else (layers models) the last global pooling layer. Graph models have no such structure to go by, so an
 * unknown graph model must name its node.
 */
export function chooseEmbeddingNode(info: ModelJsonInfo, requested: string | undefined): string {
  const what = info.kind === 'layers' ? 'layer' : 'node';
  if (requested !== undefined && requested !== '') {
    if (info.nodeNames.includes(requested)) return requested;
    throw new ModelProblem('embedding-node', `the model has no ${what} named "${requested}"${suggestions(info)}`);
  }
  const known = info.kind === 'layers' ? BUILTIN_EMBEDDING_LAYER : TFHUB_MOBILENET_EMBEDDING_NODE;
  if (info.nodeNames.includes(known)) return known;
  const pooling = info.poolingLayers.at(-1);
  if (pooling !== undefined) return pooling;
  throw new ModelProblem(
    'embedding-node',
    `the embedding ${what} of this ${info.kind} model is not known and was not named${suggestions(info)}`,
  );
}

/** TF Hub image modules take [0, 1]; Keras applications' MobileNet takes [-1, 1]. */
export function defaultInputRange(info: ModelJsonInfo): InputRange {
  return info.kind === 'graph' ? [0, 1] : [-1, 1];
}

export function inputSizeOf(info: ModelJsonInfo): { height: number; width: number } {
  return info.inputSize ?? { ...BUILTIN_INPUT_SIZE };
}

/** A few likely names, so that the user can pick one without opening model.json. */
function suggestions(info: ModelJsonInfo): string {
  const likely = [
    ...info.poolingLayers,
    ...info.nodeNames.filter((name) => /pool/i.test(name) && !info.poolingLayers.includes(name)),
  ].slice(-5);
  return likely.length > 0 ? ` (candidates: ${likely.map((name) => `"${name}"`).join(', ')})` : '';
}
