import * as assert from 'node:assert/strict';
import { crc32c, maskCrc, maskedCrc32c } from '../../../src/core/tensorboard/crc32c';
import { referenceCrc32c, referenceMask } from './support/independentReader';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('tensorboard: CRC-32C', () => {
  it('matches the check value of the Castagnoli CRC: crc32c("123456789") = 0xe3069283', () => {
    assert.equal(crc32c(ascii('123456789')), 0xe3069283);
  });

  it('matches the test vectors of RFC 3720 B.4', () => {
    const counting = Uint8Array.from({ length: 32 }, (_, i) => i);
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa, '32 bytes of zeros');
    assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43, '32 bytes of 0xff');
    assert.equal(crc32c(counting), 0x46dd794e, '32 incrementing bytes');
    assert.equal(crc32c(counting.slice().reverse()), 0x113fdb5c, '32 decrementing bytes');
  });

  it('is 0 for no bytes and continues across chunks', () => {
    assert.equal(crc32c(new Uint8Array(0)), 0);
    const whole = ascii('The quick brown fox jumps over the lazy dog');
    assert.equal(crc32c(whole.subarray(10), crc32c(whole.subarray(0, 10))), crc32c(whole));
    assert.equal(crc32c(whole), 0x22620404);
  });

  it('agrees with a bit-by-bit reference on random data of every length up to 300', () => {
    let seed = 12345;
    for (let length = 0; length <= 300; length++) {
      const data = Uint8Array.from({ length }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
      assert.equal(crc32c(data), referenceCrc32c(data), `length ${length}`);
    }
  });
});

describe('tensorboard: masked CRC', () => {
  it('rotates right by 15 and adds 0xa282ead8, as an unsigned 32-bit number', () => {
    assert.equal(maskCrc(0), 0xa282ead8);
    assert.equal(maskCrc(0xe3069283), referenceMask(0xe3069283));
    for (const crc of [1, 0x7fff, 0x8000, 0xffffffff, 0x80000000, 0x12345678, 0xdeadbeef]) {
      const masked = maskCrc(crc);
      assert.equal(masked, referenceMask(crc), `crc ${crc.toString(16)}`);
      assert.ok(masked >= 0 && masked <= 0xffffffff && Number.isInteger(masked));
    }
  });

  it('can be undone (TensorFlow checks Unmask(Mask(crc)) == crc)', () => {
    const unmask = (masked: number) => {
      const rotated = (masked - 0xa282ead8) >>> 0;
      return ((rotated >>> 17) | (rotated << 15)) >>> 0;
    };
    for (const crc of [0, 1, 0xe3069283, 0xffffffff, 0x80000000]) assert.equal(unmask(maskCrc(crc)), crc);
  });

  it('maskedCrc32c is the mask of the CRC', () => {
    const data = ascii('brain.Event:2');
    assert.equal(maskedCrc32c(data), referenceMask(referenceCrc32c(data)));
  });
});
