// A TensorBoard event-file reader that shares no code with src/core/tensorboard: its own bit-by-bit
// CRC-32C, its own TFRecord parsing, and protobufjs with the official event.proto / summary.proto
// (copies in test/fixtures/tensorboard/proto, see NOTICE.md there) for the messages.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Root, type Type } from 'protobufjs';

const root = path.resolve(__dirname, '../../../../..');
export const PROTO_DIR = path.join(root, 'test', 'fixtures', 'tensorboard', 'proto');

/** CRC-32C one bit at a time, straight from the definition (reflected polynomial 0x82F63B78). */
export function referenceCrc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** TFRecord's mask, computed with BigInt so it cannot share a 32-bit slip with the product. */
export function referenceMask(crc: number): number {
  const x = BigInt(crc);
  const rotated = ((x >> 15n) | (x << 17n)) & 0xffffffffn;
  return Number((rotated + 0xa282ead8n) & 0xffffffffn);
}

export interface RawRecord {
  readonly offset: number;
  readonly data: Uint8Array;
}

/** Splits TFRecord framing and checks both CRCs of every record; throws on any mismatch or truncation. */
export function readTfRecords(bytes: Uint8Array): RawRecord[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: RawRecord[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (offset + 12 > buffer.length) throw new Error(`record at ${offset}: truncated header`);
    const length = buffer.readBigUInt64LE(offset);
    const lengthCrc = buffer.readUInt32LE(offset + 8);
    if (referenceMask(referenceCrc32c(buffer.subarray(offset, offset + 8))) !== lengthCrc) {
      throw new Error(`record at ${offset}: length CRC mismatch`);
    }
    const start = offset + 12;
    const end = start + Number(length);
    if (end + 4 > buffer.length) throw new Error(`record at ${offset}: truncated data`);
    const data = buffer.subarray(start, end);
    if (referenceMask(referenceCrc32c(data)) !== buffer.readUInt32LE(end)) {
      throw new Error(`record at ${offset}: data CRC mismatch`);
    }
    records.push({ offset, data: new Uint8Array(data) });
    offset = end + 4;
  }
  return records;
}

let eventType: Type | undefined;

/** tensorboard.Event from the official protos; imports are mapped to the flat fixture folder. */
export function officialEventType(): Type {
  if (!eventType) {
    const protos = new Root();
    protos.resolvePath = (_origin, target) => path.join(PROTO_DIR, path.basename(target));
    protos.loadSync(path.join(PROTO_DIR, 'event.proto'), { keepCase: true });
    protos.resolveAll();
    eventType = protos.lookupType('tensorboard.Event');
  }
  return eventType;
}

export interface DecodedValue {
  readonly tag: string;
  /** Which member of Value's `value` oneof is set. */
  readonly kind: string | undefined;
  readonly simple_value: number | undefined;
}

export interface DecodedEvent {
  readonly wall_time: number;
  /** int64 as a decimal string, so large steps are exact. */
  readonly step: string;
  /** Which member of Event's `what` oneof is set. */
  readonly what: string | undefined;
  readonly file_version: string | undefined;
  readonly values: readonly DecodedValue[];
  /** The record's bytes re-encoded by protobufjs from the decoded message. */
  readonly reencoded: Uint8Array;
}

export function decodeEvent(data: Uint8Array): DecodedEvent {
  const type = officialEventType();
  const message = type.decode(data);
  const plain: Record<string, unknown> = type.toObject(message, { longs: String, oneofs: true, defaults: true });
  const summary = plain.summary as { value?: unknown[] } | undefined;
  return {
    wall_time: plain.wall_time as number,
    step: plain.step as string,
    what: plain.what as string | undefined,
    file_version: plain.what === 'file_version' ? (plain.file_version as string) : undefined,
    values: (summary?.value ?? []).map((entry) => {
      const value = entry as Record<string, unknown>;
      return {
        tag: value.tag as string,
        kind: value.value as string | undefined,
        simple_value: value.value === 'simple_value' ? (value.simple_value as number) : undefined,
      };
    }),
    reencoded: type.encode(message).finish(),
  };
}

export function decodeEventFile(bytes: Uint8Array): DecodedEvent[] {
  return readTfRecords(bytes).map((record) => decodeEvent(record.data));
}

export async function readEventFile(file: string): Promise<DecodedEvent[]> {
  return decodeEventFile(await fs.promises.readFile(file));
}
