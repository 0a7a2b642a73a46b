// TFRecord framing (tensorflow/core/lib/io/record_writer.cc): each record is
//   uint64 length (LE) | uint32 masked CRC-32C of those 8 bytes (LE) | data | uint32 masked CRC-32C of data (LE)
import { maskedCrc32c } from './crc32c';

/** Bytes a record adds around its data. */
export const RECORD_OVERHEAD = 8 + 4 + 4;

/** One whole record, ready to append, so a reader never sees a record without its CRCs. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(RECORD_OVERHEAD + data.length);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(record.subarray(0, 8)), true);
  record.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return record;
}
