// Node only (reached through `#platform`, see platform-node.ts): reads IDX files from a directory.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError, IdxFormatError, MissingFileError } from './errors.js';
import { checkKind, pathError } from './path-errors.js';
import { decodePair, type FileBytes, IDX_FILES, type IdxFileName } from './idx-files.js';
import type { RawDigits } from './digits.js';

/** The largest file read: readIdx's default cap on decompressed data (MNIST's largest file is 47 MB). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Reads and validates the train and test sets from `dir`, each file raw or gzipped. */
export async function readIdxDir(dir: string): Promise<{ train: RawDigits; test: RawDigits }> {
  const role = { what: 'the data directory', expected: 'directory', access: 'read' } as const;
  try {
    checkKind(await stat(dir), dir, role);
  } catch (err) {
    throw pathError(err, dir, role);
  }
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readEither(dir, IDX_FILES.trainImages),
    readEither(dir, IDX_FILES.trainLabels),
    readEither(dir, IDX_FILES.testImages),
    readEither(dir, IDX_FILES.testLabels),
  ]);
  return {
    train: decodePair(trainImages, trainLabels),
    test: decodePair(testImages, testLabels),
  };
}

/** `name`, else `name.gz`: both layouts are common (TF caches the .gz, many tools unpack them). */
async function readEither(dir: string, name: IdxFileName): Promise<FileBytes> {
  const candidates = [join(dir, name), join(dir, `${name}.gz`)];
  const role = { what: 'the IDX file', expected: 'file', access: 'read' } as const;
  for (const path of candidates) {
    try {
      const info = await stat(path);
      checkKind(info, path, role);
      // readFile of a file past 2 GiB is a RangeError, and one that big is not an MNIST file.
      if (info.size > MAX_FILE_BYTES) {
        throw new IdxFormatError(path, `${info.size} bytes, more than the ${MAX_FILE_BYTES} bytes any IDX file of MNIST's layout can have`);
      }
      return { path, bytes: await readFile(path) };
    } catch (err) {
      if (err instanceof DatasetError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw pathError(err, path, role);
    }
  }
  throw new MissingFileError(candidates[0]!, `${name} not found in ${dir}: looked for ${candidates.join(' and ')}`);
}
