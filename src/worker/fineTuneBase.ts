import { readModelArtifacts } from '../core/models/readModelArtifacts';
import { planFineTune, type FineTunePlan } from './fineTune';
import { tf } from './tfjs';

/**
 * Share of the head's learning rate the pretrained blocks train at: they start good and must not be wrecked by the
 * head's random start.
 */
export const BACKBONE_LEARNING_RATE_FACTOR = 0.1;

/**
 * The base model loaded on its own (the embedder only exposes its cut), kept until the blocks are built.
 * Graph models are frozen graphs of constants: tfjs cannot train them, hence the error.
 */
export async function loadFineTunePlan(
  base: { kind: 'layers' | 'graph'; name: string; modelJsonPath: string },
  blocks: number,
): Promise<FineTunePlan & { dispose(): void }> {
  if (base.kind !== 'layers') {
    throw new Error(
      `Fine-tuning ${blocks} block(s) needs a layers model (a tfjs LayersModel, such as the built-in MobileNet ` +
        `V1 ones); ${base.name} is a graph model, whose weights tfjs cannot train. Set fine-tune blocks to 0 ` +
        '(surgeryClassifier.training.fineTuneBlocks, --fine-tune-blocks 0) or choose a layers base model.',
    );
  }
  const model = await tf.loadLayersModel(tf.io.fromMemory(await readModelArtifacts(base)));
  try {
    return { ...planFineTune(model, blocks, base.name), dispose: () => model.dispose() };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
