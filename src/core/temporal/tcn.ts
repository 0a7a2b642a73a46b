/**
 * A single-stage temporal convolution network in the style of MS-TCN's refinement stages (Farha &
 * Gall, CVPR 2019): it reads a video's per-frame class probabilities and writes new ones, through
 * dilated residual layers whose receptive field spans minutes. Trained in the worker with tfjs
 * (src/worker/trainTcn.ts); this forward pass is plain TypeScript so that the CLI and the extension
 * host decode with it without loading TensorFlow.
 */

/** A 1-D convolution: weights[k][in][out] flattened in that order (tfjs's conv1d filter layout). */
export interface Conv1d {
  readonly kernel: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly dilation: number;
  readonly weights: readonly number[];
  readonly bias: readonly number[];
}

export interface TcnParameters {
  /** 1×1: classes → channels. */
  readonly input: Conv1d;
  /** Each: dilated conv (kernel 3, 'same' padding), ReLU, 1×1 conv, added to its input. */
  readonly layers: ReadonlyArray<{ readonly dilated: Conv1d; readonly pointwise: Conv1d }>;
  /** 1×1: channels → classes (logits). */
  readonly output: Conv1d;
}

/** Frames × inputs → frames × outputs; frames outside the video count as zeros. */
export function conv1d(x: ReadonlyArray<readonly number[]>, conv: Conv1d): number[][] {
  const frames = x.length;
  const half = (conv.kernel - 1) / 2;
  const y = Array.from({ length: frames }, () => [...conv.bias]);
  for (let t = 0; t < frames; t++) {
    const out = y[t];
    for (let k = 0; k < conv.kernel; k++) {
      const source = t + (k - half) * conv.dilation;
      if (source < 0 || source >= frames) continue;
      const row = x[source];
      const base = k * conv.inputs * conv.outputs;
      for (let i = 0; i < conv.inputs; i++) {
        const value = row[i];
        if (value === 0) continue;
        const offset = base + i * conv.outputs;
        for (let o = 0; o < conv.outputs; o++) out[o] += value * conv.weights[offset + o];
      }
    }
  }
  return y;
}

/** The network on one video's probabilities: frames × classes probabilities (softmax of its logits). */
export function tcnForward(parameters: TcnParameters, probabilities: ReadonlyArray<readonly number[]>): number[][] {
  let h = conv1d(probabilities, parameters.input);
  for (const layer of parameters.layers) {
    const inner = conv1d(
      conv1d(h, layer.dilated).map((row) => row.map((v) => Math.max(0, v))),
      layer.pointwise,
    );
    h = h.map((row, t) => row.map((v, c) => v + inner[t][c]));
  }
  return conv1d(h, parameters.output).map(softmax);
}

function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * The same video at another frame step: frame i of the result is the frame nearest to i × `to`
 * seconds. The network learnt its receptive field in frames of the training step, so other steps are
 * read through it at that step and mapped back.
 */
export function resampleIndices(times: readonly number[], stepSeconds: number): number[] {
  if (!times.length) return [];
  const last = times[times.length - 1];
  const indices: number[] = [];
  let j = 0;
  for (let k = 0; k * stepSeconds <= last - times[0] + 1e-9; k++) {
    const t = times[0] + k * stepSeconds;
    while (j + 1 < times.length && Math.abs(times[j + 1] - t) <= Math.abs(times[j] - t)) j++;
    indices.push(j);
  }
  return indices;
}
