// CRC-32C (Castagnoli), the checksum TFRecord uses; zlib's crc32 is a different polynomial.

/** The reflected Castagnoli polynomial 0x1EDC6F41. */
const POLYNOMIAL = 0x82f63b78;

const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    table[n] = c;
  }
  return table;
}

/** CRC-32C of `data` as an unsigned 32-bit number; pass a previous result as `crc` to continue it. */
export function crc32c(data: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * TFRecord's masked CRC: rotate right by 15 and add a constant, because a CRC of data that itself
 * contains CRCs is weak (TensorFlow's crc32c::Mask).
 */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** The masked CRC-32C that TFRecord stores after the length and after the data. */
export function maskedCrc32c(data: Uint8Array): number {
  return maskCrc(crc32c(data));
}
