import type { BackendChoice, BackendReport } from '../shared/workerProtocol';
import { tf } from './tfjs';

/**
 * Picks the fastest backend that loads, in the order auto uses: tfjs-node-gpu, tfjs-node, wasm, cpu.
 * A native package that is installed but fails to load is explained (which library is missing, what
 * it needs) and the fallback is reported: never train on the CPU silently.
 */
export async function selectBackend(
  requested: BackendChoice,
  load: (name: string) => unknown = require,
): Promise<BackendReport> {
  const diagnosis: string[] = [];
  const order: Array<BackendReport['used']> =
    requested === 'gpu'
      ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']
      : requested === 'cpu-native'
        ? ['tensorflow', 'wasm', 'cpu']
        : requested === 'wasm'
          ? ['wasm', 'cpu']
          : requested === 'cpu'
            ? ['cpu']
            : ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
  for (const candidate of order) {
    try {
      if (candidate === 'tensorflow-gpu' || candidate === 'tensorflow') {
        const pkg = candidate === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
        load(pkg);
        if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend did not start`);
      } else if (!(await tf.setBackend(candidate))) {
        throw new Error(`the ${candidate} backend did not start`);
      }
      await tf.ready();
      return { used: candidate, requested, diagnosis };
    } catch (error) {
      diagnosis.push(explainLoadFailure(candidate, error).message);
    }
  }
  throw new Error(`No tfjs backend could start: ${diagnosis.join(' ')}`);
}

/** Turns a native module's load error into what is missing and how to get it. */
export function explainLoadFailure(
  candidate: BackendReport['used'],
  error: unknown,
): { message: string; notInstalled: boolean } {
  const text = error instanceof Error ? error.message : String(error);
  const pkg =
    candidate === 'tensorflow-gpu'
      ? '@tensorflow/tfjs-node-gpu'
      : candidate === 'tensorflow'
        ? '@tensorflow/tfjs-node'
        : candidate;
  if (/Cannot find module/.test(text) && text.includes(pkg)) {
    return {
      notInstalled: true,
      message:
        candidate === 'tensorflow-gpu'
          ? `GPU: ${pkg} is not installed (it needs CUDA 11.2 and cuDNN 8.1, and a download at install time). ` +
            'Install it in the extension folder to train on an NVIDIA GPU.'
          : `${pkg} is not installed.`,
    };
  }
  const library = /(lib[\w+-]+\.so(?:\.[\d.]+)?)/.exec(text)?.[1];
  if (candidate === 'tensorflow-gpu' && library) {
    const needs = /cudnn/i.test(library)
      ? 'cuDNN 8.1'
      : /cud|cublas|cufft|curand|cusolver|cusparse/i.test(library)
        ? 'CUDA 11.2'
        : 'CUDA 11.2 and cuDNN 8.1';
    return {
      notInstalled: false,
      message:
        `GPU: ${pkg} is installed but cannot load: ${library} was not found. Install ${needs} (tfjs-node-gpu 4.x ` +
        'needs CUDA 11.2 + cuDNN 8.1) and make it visible through LD_LIBRARY_PATH.',
    };
  }
  if (candidate === 'tensorflow-gpu' && /driver|CUDA_ERROR|insufficient/i.test(text)) {
    return {
      notInstalled: false,
      message:
        `GPU: ${pkg} cannot use the GPU: ${firstLine(text)}. The NVIDIA driver is probably too old for CUDA ` +
        '11.2; update it.',
    };
  }
  return { notInstalled: false, message: `${pkg} failed to load: ${firstLine(text)}` };
}

const firstLine = (text: string): string => text.split('\n')[0].slice(0, 300);
