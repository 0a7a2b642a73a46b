// Just enough of the protobuf wire format to write event files, so the product needs no protobuf library.

/** Wire types (https://protobuf.dev/programming-guides/encoding/). */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const utf8 = new TextEncoder();

/** Appends protobuf-encoded values to a growing buffer; `finish()` returns the bytes written. */
export class ProtoWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  tag(field: number, wireType: WireType): this {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff)
      throw new RangeError(`invalid field number ${field}`);
    // Multiply, not shift: field numbers reach 2^29 and `<< 3` would overflow int32.
    return this.varint(field * 8 + wireType);
  }

  /** Unsigned varint; negative int64 values take their 64-bit two's complement (10 bytes), as protobuf does. */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) {
      this.ensure(8);
      while (value >= 0x80) {
        this.buffer[this.length++] = (value % 0x80) | 0x80;
        value = Math.floor(value / 0x80);
      }
      this.buffer[this.length++] = value;
      return this;
    }
    if (typeof value === 'number' && !Number.isSafeInteger(value))
      throw new RangeError(`varint needs a safe integer, got ${value}`);
    const exact = BigInt(value);
    if (exact > UINT64_MAX || exact < INT64_MIN) throw new RangeError(`varint out of 64-bit range: ${value}`);
    let big = BigInt.asUintN(64, exact);
    this.ensure(10);
    while (big >= 0x80n) {
      this.buffer[this.length++] = Number(big & 0x7fn) | 0x80;
      big >>= 7n;
    }
    this.buffer[this.length++] = Number(big);
    return this;
  }

  /** Little-endian IEEE 754 binary64 (wire type fixed64). */
  double(value: number): this {
    this.ensure(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  /** Little-endian IEEE 754 binary32 (wire type fixed32); the value is rounded to float32. */
  float(value: number): this {
    this.ensure(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** Length-prefixed bytes: the payload of strings, bytes and embedded messages. */
  bytes(value: Uint8Array): this {
    this.varint(value.length);
    this.ensure(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(value: string): this {
    return this.bytes(utf8.encode(value));
  }

  doubleField(field: number, value: number): this {
    return this.tag(field, WireType.fixed64).double(value);
  }

  floatField(field: number, value: number): this {
    return this.tag(field, WireType.fixed32).float(value);
  }

  int64Field(field: number, value: number | bigint): this {
    return this.tag(field, WireType.varint).varint(value);
  }

  stringField(field: number, value: string): this {
    return this.tag(field, WireType.lengthDelimited).string(value);
  }

  /** An embedded message, already encoded. */
  messageField(field: number, encoded: Uint8Array): this {
    return this.tag(field, WireType.lengthDelimited).bytes(encoded);
  }

  bytesField(field: number, value: Uint8Array): this {
    return this.tag(field, WireType.lengthDelimited).bytes(value);
  }

  /** int32, uint32, enums and bool: a varint (negative int32 takes ten bytes, as protobuf does). */
  varintField(field: number, value: number | boolean): this {
    return this.tag(field, WireType.varint).varint(typeof value === 'boolean' ? Number(value) : value);
  }

  /** A packed repeated double (the proto3 default for repeated scalars). */
  packedDoubleField(field: number, values: ArrayLike<number>): this {
    const body = new ProtoWriter();
    for (let i = 0; i < values.length; i++) body.double(values[i]);
    return this.messageField(field, body.finish());
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}
