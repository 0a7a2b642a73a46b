import { tf } from './tfjs';

/**
 * The wasm backend has no kernels for the gradients of depthwise convolutions: fine-tuning MobileNet
 * blocks there fails with "Kernel 'DepthwiseConv2dNativeBackpropFilter' not registered for backend
 * 'wasm'". These two are plain loops over the typed arrays (channels innermost, so memory is read in
 * order): a 3×3 MobileNet layer is a few million multiply-adds per batch, milliseconds in JS, where the
 * cpu backend's generic kernels (TensorBuffer.get per element) took about a second. Dilation 1 only.
 */
interface WasmBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: tf.backend_util.BackendValues,
  ): tf.TensorInfo;
}

interface Attrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: 'same' | 'valid' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

export function registerDepthwiseGradients(): void {
  register('DepthwiseConv2dNativeBackpropFilter', (read, inputs, attrs) => {
    const [x, dy] = [inputs.x, inputs.dy];
    const info = convInfo(x.shape as Shape4, attrs.filterShape!, attrs);
    const dw = new Float32Array(info.filterHeight * info.filterWidth * info.outChannels);
    forEachTap(info, read(x), read(dy), (xs, dys, xOff, dyOff, wOff, inC, mul) => {
      for (let c = 0; c < inC; c++) {
        const xv = xs[xOff + c];
        for (let m = 0; m < mul; m++) dw[wOff + c * mul + m] += xv * dys[dyOff + c * mul + m];
      }
    });
    return { shape: info.filterShape, values: dw };
  });
  register('DepthwiseConv2dNativeBackpropInput', (read, inputs, attrs) => {
    const [dy, filter] = [inputs.dy, inputs.filter];
    const info = convInfo(attrs.inputShape!, filter.shape as Shape4, attrs);
    const dx = new Float32Array(info.batchSize * info.inHeight * info.inWidth * info.inChannels);
    const w = read(filter);
    forEachTap(info, dx, read(dy), (dxs, dys, xOff, dyOff, wOff, inC, mul) => {
      for (let c = 0; c < inC; c++) {
        let sum = 0;
        for (let m = 0; m < mul; m++) sum += dys[dyOff + c * mul + m] * w[wOff + c * mul + m];
        dxs[xOff + c] += sum;
      }
    });
    return { shape: info.inShape, values: dx };
  });
}

type Shape4 = [number, number, number, number];
type Read = (info: tf.TensorInfo) => Float32Array;
type Kernel = (
  read: Read,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Attrs,
) => { shape: number[]; values: Float32Array };

function register(kernelName: string, kernel: Kernel): void {
  if (tf.getKernel(kernelName, 'wasm')) return;
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as unknown as WasmBackend;
      const read: Read = (info) => wasm.readSync(info.dataId) as Float32Array;
      const { shape, values } = kernel(read, inputs as Record<string, tf.TensorInfo>, attrs as unknown as Attrs);
      return wasm.makeOutput(shape, 'float32', undefined, values);
    },
  });
}

function convInfo(inShape: Shape4, filterShape: Shape4, attrs: Attrs): tf.backend_util.Conv2DInfo {
  const info = tf.backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1)
    throw new Error('Depthwise convolution gradients on wasm support dilation 1 only.');
  return info;
}

/**
 * Calls `visit` once per (batch, output pixel, filter tap inside the input) with the flat offsets of that pixel's
 * channels.
 */
function forEachTap(
  info: tf.backend_util.Conv2DInfo,
  xs: Float32Array,
  dys: Float32Array,
  visit: (
    xs: Float32Array,
    dys: Float32Array,
    xOff: number,
    dyOff: number,
    wOff: number,
    inC: number,
    mul: number,
  ) => void,
): void {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
  } = info;
  const { top, left } = info.padInfo;
  const mul = outChannels / inChannels;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const dyOff = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            visit(
              xs,
              dys,
              ((b * inHeight + xR) * inWidth + xC) * inChannels,
              dyOff,
              (wR * filterWidth + wC) * outChannels,
              inChannels,
              mul,
            );
          }
        }
      }
    }
  }
}
