import * as assert from 'node:assert/strict';
import { Reader } from 'protobufjs';
import { ProtoWriter, WireType } from '../../../src/core/tensorboard/protoWriter';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const varintBytes = (value: number | bigint) => hex(new ProtoWriter().varint(value).finish());
/** protobufjs returns 64-bit integers as { low, high, unsigned } halves. */
const toBigInt = (long: { low: number; high: number; unsigned: boolean }) => {
  const bits = (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0);
  return long.unsigned ? bits : BigInt.asIntN(64, bits);
};

describe('tensorboard: protobuf wire encoding', () => {
  it('writes varints as the protobuf documentation shows', () => {
    assert.equal(varintBytes(0), '00');
    assert.equal(varintBytes(1), '01');
    assert.equal(varintBytes(127), '7f');
    assert.equal(varintBytes(128), '8001');
    assert.equal(varintBytes(150), '9601');
    assert.equal(varintBytes(300), 'ac02');
    assert.equal(varintBytes(2 ** 32), '8080808010');
  });

  it('writes negative int64 as ten bytes of two’s complement', () => {
    assert.equal(varintBytes(-1), 'ffffffffffffffffff01');
    assert.equal(varintBytes(-1n), 'ffffffffffffffffff01');
  });

  it('round-trips 64-bit values through protobufjs', () => {
    for (const value of [0n, 1n, 2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), -5n]) {
      const bytes = new ProtoWriter().varint(value).finish();
      assert.equal(toBigInt(new Reader(bytes).int64()), value, `int64 ${value}`);
    }
    const max = new ProtoWriter().varint(2n ** 64n - 1n).finish();
    assert.equal(toBigInt(new Reader(max).uint64()), 2n ** 64n - 1n);
    assert.equal(toBigInt(new Reader(new ProtoWriter().varint(Number.MAX_SAFE_INTEGER).finish()).int64()), BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('refuses what is not a 64-bit integer', () => {
    assert.throws(() => new ProtoWriter().varint(1.5), RangeError);
    assert.throws(() => new ProtoWriter().varint(2 ** 53), RangeError);
    assert.throws(() => new ProtoWriter().varint(Number.NaN), RangeError);
    assert.throws(() => new ProtoWriter().varint(2n ** 64n), RangeError);
    assert.throws(() => new ProtoWriter().varint(-(2n ** 63n) - 1n), RangeError);
    assert.throws(() => new ProtoWriter().tag(0, WireType.varint), RangeError);
  });

  it('writes tags, doubles, floats, strings and embedded messages that protobufjs reads back', () => {
    const inner = new ProtoWriter().stringField(1, 'x').finish();
    const bytes = new ProtoWriter()
      .doubleField(1, 1700000000.123456)
      .int64Field(2, 42)
      .floatField(3, 0.1)
      .stringField(4, 'Naht é 縫合')
      .messageField(5, inner)
      .tag(0x1fffffff, WireType.varint)
      .varint(7)
      .finish();
    const reader = new Reader(bytes);
    const expectTag = (field: number, wire: number) => {
      const tag = reader.uint32();
      assert.deepEqual([tag >>> 3, tag & 7], [field, wire]);
    };
    expectTag(1, 1);
    assert.equal(reader.double(), 1700000000.123456);
    expectTag(2, 0);
    assert.equal(toBigInt(reader.int64()), 42n);
    expectTag(3, 5);
    assert.equal(reader.float(), Math.fround(0.1));
    expectTag(4, 2);
    assert.equal(reader.string(), 'Naht é 縫合');
    expectTag(5, 2);
    assert.equal(hex(reader.bytes()), hex(inner));
    expectTag(0x1fffffff, WireType.varint);
    assert.equal(reader.uint32(), 7);
    assert.equal(reader.pos, bytes.length);
  });

  it('grows past its first buffer', () => {
    const writer = new ProtoWriter();
    const big = new Uint8Array(10_000).fill(7);
    for (let i = 0; i < 100; i++) writer.doubleField(1, i);
    writer.bytes(big);
    const bytes = writer.finish();
    assert.equal(bytes.length, 100 * 9 + 2 + 10_000);
    assert.deepEqual(bytes.subarray(-10_000), big);
  });
});
