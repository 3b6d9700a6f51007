import { describe, expect, it } from 'vitest';
import { crc32c, maskCrc, unmaskCrc } from '../../src/checkpoint/crc32c.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc32c', () => {
  // RFC 3720 (iSCSI) B.4 and the check value of the CRC-32C catalogue.
  it('matches the published vectors', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    // LevelDB's crc32c_test: "a" and "foo".
    expect(crc32c(ascii('a'))).toBe(0xc1d04330);
    expect(crc32c(ascii('foo'))).toBe(0xcfc4ae1d);
  });

  it('extends: the CRC of a + b continues from the CRC of a, at every split (slicing-by-8 and the tail)', () => {
    const data = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff);
    const whole = crc32c(data);
    for (let split = 0; split <= data.length; split++) {
      expect(crc32c(data.subarray(split), crc32c(data.subarray(0, split)))).toBe(whole);
    }
  });

  it('masks as TF and LevelDB do, and unmasks back', () => {
    const crc = crc32c(ascii('foo'));
    expect(maskCrc(crc)).not.toBe(crc);
    expect(maskCrc(maskCrc(crc))).not.toBe(crc);
    expect(unmaskCrc(maskCrc(crc))).toBe(crc);
    expect(unmaskCrc(unmaskCrc(maskCrc(maskCrc(crc))))).toBe(crc);
    // An empty tensor's stored crc32c field in TF's bundles: Mask(0).
    expect(maskCrc(0)).toBe(0xa282ead8);
  });
});
