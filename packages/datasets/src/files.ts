// Node only (reached through `#platform`, see platform-node.ts): reads IDX files from a directory.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MissingFileError } from './errors.js';
import { decodePair, type FileBytes, IDX_FILES, type IdxFileName } from './idx-files.js';
import type { RawDigits } from './digits.js';

/** Reads and validates the train and test sets from `dir`, each file raw or gzipped. */
export async function readIdxDir(dir: string): Promise<{ train: RawDigits; test: RawDigits }> {
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
  for (const path of candidates) {
    try {
      return { path, bytes: await readFile(path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new MissingFileError(candidates[0]!, `${name} not found in ${dir}: looked for ${candidates.join(' and ')}`);
}
