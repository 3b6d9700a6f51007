import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, readIdx } from '../src/index.js';
import { idx, imagesFile, labelsFile, pixelOf } from './fixtures.js';

function idxError(fn: () => unknown): IdxFormatError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(IdxFormatError);
    expect((err as IdxFormatError).code).toBe('IDX_FORMAT');
    return err as IdxFormatError;
  }
  throw new Error('expected an IdxFormatError');
}

describe('readIdx', () => {
  it('reads uint8 labels (0x00000801)', () => {
    const file = readIdx(idx([4], [3, 1, 4, 1]));
    expect(file.kind).toBe('labels');
    expect(file.shape).toEqual([4]);
    expect(Array.from(file.data)).toEqual([3, 1, 4, 1]);
  });

  it('reads uint8 images (0x00000803)', () => {
    const file = readIdx(imagesFile(3));
    expect(file.kind).toBe('images');
    expect(file.shape).toEqual([3, 28, 28]);
    expect(file.data.length).toBe(3 * 784);
    expect(file.data[2 * 784 + 5]).toBe(pixelOf(2, 5));
  });

  it('detects gzip by its magic bytes, not the file name', () => {
    const raw = labelsFile(12);
    const gz = gzipSync(raw);
    expect(gz[0]).toBe(0x1f);
    expect(gz[1]).toBe(0x8b);
    const file = readIdx(gz, { name: 'labels-without-gz-extension' });
    expect(Array.from(file.data)).toEqual(Array.from(readIdx(raw).data));
  });

  it('rejects a truncated file, naming the file, the expected and the found size', () => {
    const full = imagesFile(2);
    const err = idxError(() => readIdx(full.subarray(0, full.length - 10), { name: 'train-images-idx3-ubyte' }));
    expect(err.file).toBe('train-images-idx3-ubyte');
    expect(err.message).toContain('train-images-idx3-ubyte: truncated');
    expect(err.message).toContain('2×28×28 = 1568 data bytes');
    expect(err.message).toContain(`(${16 + 1568} total), found ${full.length - 10} bytes`);
  });

  it('rejects a file cut inside the header', () => {
    expect(idxError(() => readIdx(new Uint8Array([0, 0, 8]))).message).toContain('expected a 4-byte IDX magic number, found 3 bytes');
    expect(idxError(() => readIdx(imagesFile(1).subarray(0, 10))).message).toContain(
      'expected a 16-byte header for 3 dimensions, found 10 bytes',
    );
  });

  it('rejects trailing bytes (oversized file)', () => {
    const padded = new Uint8Array([...labelsFile(5), 0, 0, 0]);
    const err = idxError(() => readIdx(padded, { name: 'labels' }));
    expect(err.message).toMatch(/oversized: header declares 5 = 5 data bytes .* found 16 bytes \(3 trailing\)/);
  });

  it('rejects a bad magic number: other element types, other ranks, non-IDX data', () => {
    expect(idxError(() => readIdx(idx([2], [0, 0, 0, 0, 0, 0, 0, 0], 0x00000d01))).message).toContain(
      'expected 0x00000801 (uint8 labels) or 0x00000803 (uint8 images), found 0x00000D01 (float32, 1 dimension)',
    );
    expect(idxError(() => readIdx(idx([2, 2], [1, 2, 3, 4]))).message).toContain('found 0x00000802 (uint8, 2 dimensions)');
    expect(idxError(() => readIdx(new TextEncoder().encode('<html>not found</html>'))).message).toContain('which is not an IDX header');
  });

  it('rejects a file of the other kind when one is expected', () => {
    const err = idxError(() => readIdx(labelsFile(3), { name: 'train-images-idx3-ubyte', kind: 'images' }));
    expect(err.message).toContain('expected 0x00000803 (uint8 images), found 0x00000801');
  });

  it('rejects absurd dimensions without allocating for them', () => {
    const header = idx([0xffffffff, 0xffffffff, 0xffffffff], []);
    const err = idxError(() => readIdx(header));
    expect(err.message).toContain('truncated: header declares 4294967295×4294967295×4294967295');
  });

  it('rejects a corrupt gzip stream', () => {
    const gz = gzipSync(labelsFile(100));
    const corrupt = gz.subarray(0, gz.length - 20);
    expect(idxError(() => readIdx(corrupt, { name: 'x.gz' })).message).toMatch(/^x\.gz: corrupt gzip stream/);
    const flipped = Uint8Array.from(gz);
    flipped[20] = flipped[20]! ^ 0xff;
    expect(() => readIdx(flipped)).toThrow(IdxFormatError);
  });

  it('reports sizes after gunzip for gzipped input', () => {
    const gz = gzipSync(labelsFile(5).subarray(0, 11));
    expect(idxError(() => readIdx(gz)).message).toContain('found 11 bytes after gunzip');
  });

  it('caps the decompressed size', () => {
    const bomb = gzipSync(new Uint8Array(1 << 20));
    expect(idxError(() => readIdx(bomb, { maxBytes: 1000 })).message).toContain('decompresses to more than 1000 bytes');
  });
});
