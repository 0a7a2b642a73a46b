/**
 * TensorBoard's scalar smoothing: an exponential moving average with debiasing
 * (tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts, `classicSmoothing`).
 * A constant series stays as it is; non-finite values pass through and do not enter the average.
 */
export function smooth(values: ArrayLike<number>, weight: number): number[] {
  const out = new Array<number>(values.length);
  if (!values.length) return out;
  let isConstant = true;
  for (let i = 1; i < values.length; i++)
    if (values[i] !== values[0]) {
      isConstant = false;
      break;
    }
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (isConstant || !Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    last = last * weight + (1 - weight) * value;
    count++;
    const debias = weight === 1 ? 1 : 1 - Math.pow(weight, count);
    out[i] = last / debias;
  }
  return out;
}
