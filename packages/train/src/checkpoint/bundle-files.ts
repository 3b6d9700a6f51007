// The file names of a V2 checkpoint ("tensor bundle") with prefix P, as TF names them
// (MetaFilename, DataFilename in TF's tensor_bundle.cc).

/** `P.index`: the table of entries. */
export function indexFileName(prefix: string): string {
  return `${prefix}.index`;
}

/** `P.data-00000-of-00001`: shard `shard` of `numShards` (five digits each, more when needed). */
export function dataFileName(prefix: string, shard: number, numShards: number): string {
  const pad = (n: number) => String(n).padStart(5, '0');
  return `${prefix}.data-${pad(shard)}-of-${pad(numShards)}`;
}
