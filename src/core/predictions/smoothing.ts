/**
 * TensorBoard's scalar smoothing (the SCALARS tab slider), so our curves read the same as theirs:
 * an exponential moving average started at 0 and debiased by 1 − w^n, where n counts the finite
 * values seen so far. Non-finite values pass through untouched and do not advance the average; a
 * constant series is returned as is (TensorBoard #786: avoids drawing 0.9999… for a flat line).
 * Mirrors `resmoothDataset` in tensorboard/components/vz_line_chart2/line-chart.ts.
 */
export function smoothScalars(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight <= 1)) throw new RangeError(`Smoothing weight must be between 0 and 1, got ${weight}.`);
  // TensorBoard compares with `==`, so a series of NaNs is not "constant" (NaN != NaN): same here.
  const isConstant = values.every((v) => v === values[0]);
  let last = 0;
  let finiteSeen = 0;
  return values.map((value) => {
    if (isConstant || !Number.isFinite(value)) return value;
    last = last * weight + (1 - weight) * value;
    finiteSeen++;
    const debias = weight === 1 ? 1 : 1 - Math.pow(weight, finiteSeen);
    return last / debias;
  });
}
