import { tf } from './tfjs';

/**
 * Two Adam optimizers behind one: the variables named in `slow` (the fine-tuned backbone blocks)
 * learn at a fraction of the head's rate. Scaling their gradients instead would not work: Adam
 * divides each gradient by its own running magnitude, so only the step size sets the pace.
 * model.fit calls applyGradients with every trainable variable's gradient, keyed by variable name.
 */
export class SplitAdam extends tf.Optimizer {
  static readonly className = 'SplitAdam';
  private readonly fast: tf.Optimizer;
  private readonly slowOptimizer: tf.Optimizer;

  constructor(
    readonly learningRate: number,
    readonly slowLearningRate: number,
    private readonly slow: ReadonlySet<string>,
  ) {
    super();
    this.fast = tf.train.adam(learningRate);
    this.slowOptimizer = tf.train.adam(slowLearningRate);
  }

  override applyGradients(gradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const list = Array.isArray(gradients)
      ? gradients
      : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
    const fast: tf.NamedTensorMap = {};
    const slow: tf.NamedTensorMap = {};
    for (const { name, tensor } of list) (this.slow.has(name) ? slow : fast)[name] = tensor;
    if (Object.keys(fast).length) this.fast.applyGradients(fast);
    if (Object.keys(slow).length) this.slowOptimizer.applyGradients(slow);
    this.incrementIterations();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, slowLearningRate: this.slowLearningRate };
  }

  override dispose(): void {
    this.fast.dispose();
    this.slowOptimizer.dispose();
    super.dispose();
  }
}
