import { ModelProblem } from './modelErrors';

/** Bytes per element of each dtype a tfjs weight file may store (quantized weights store the quantization dtype). */
const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  float16: 2,
  uint16: 2,
  uint8: 1,
  int16: 2,
  int8: 1,
};

/**
 * Bytes one weightsManifest entry occupies in its group's files: elements × bytes per element of its stored dtype.
 * `undefined` for string tensors, whose size depends on their contents.
 */
export function weightEntryBytes(entry: unknown, where: string): number | undefined {
  if (typeof entry !== 'object' || entry === null)
    throw new ModelProblem('invalid-model', `${where}: a weight entry is not an object`);
  const { name, shape, dtype, quantization } = entry as Record<string, unknown>;
  const label = `${where}: weight ${JSON.stringify(name)}`;
  if (typeof name !== 'string') throw new ModelProblem('invalid-model', `${label} has no name`);
  if (!Array.isArray(shape) || !shape.every((size) => Number.isSafeInteger(size) && (size as number) >= 0)) {
    throw new ModelProblem('invalid-model', `${label} has no valid shape`);
  }
  const stored =
    typeof quantization === 'object' && quantization !== null ? (quantization as Record<string, unknown>).dtype : dtype;
  if (stored === 'string') return undefined;
  const perElement = typeof stored === 'string' ? BYTES_PER_ELEMENT[stored] : undefined;
  if (perElement === undefined)
    throw new ModelProblem('invalid-model', `${label} has an unknown dtype ${JSON.stringify(stored)}`);
  return (shape as number[]).reduce((product, size) => product * size, 1) * perElement;
}
