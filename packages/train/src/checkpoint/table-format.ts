// Constants of the LevelDB table format that TensorFlow's tensor bundle index uses
// (TF's lib/io/format.h, table_options.h): shared by the writer and the reader.

/** Each block is followed by a 1-byte compression type and a masked CRC32C of block + type. */
export const BLOCK_TRAILER_SIZE = 5;
/** Two BlockHandles (two varint64 each, at most 10 bytes per varint) padded to 40 bytes, then the magic. */
export const FOOTER_HANDLES_SIZE = 40;
export const FOOTER_SIZE = 48;
/** 0xdb4775248b80fb57, written little-endian as two 32-bit halves, low half first. */
export const MAGIC_LO = 0x8b80fb57;
export const MAGIC_HI = 0xdb477524;

export const NO_COMPRESSION = 0;
export const SNAPPY_COMPRESSION = 1;

/** TF's table::Options defaults, which its BundleWriter keeps (only compression is switched off). */
export const DEFAULT_BLOCK_SIZE = 262_144;
export const DEFAULT_RESTART_INTERVAL = 16;

/** Where a block is: its offset in the file and its size without the trailer. */
export interface BlockHandle {
  readonly offset: number;
  readonly size: number;
}
