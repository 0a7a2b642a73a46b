import { createHash } from 'node:crypto';

/** A stable 52-bit number from strings: the same inputs give the same order on every machine. */
export function stableHash(...parts: readonly string[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return digest.readUIntBE(0, 6) + (digest[6] & 0x0f) * 2 ** 48;
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
