import type { IdxFileName } from './idx-files.js';
import type { NetworkOptions } from './network.js';

export type GzFileName = `${IdxFileName}.gz`;
export type Checksums = Readonly<Partial<Record<GzFileName, string>>>;

/** SHA-256 of the official MNIST `.gz` files (identical on every mirror below). */
export const MNIST_SHA256: Readonly<Record<GzFileName, string>> = {
  'train-images-idx3-ubyte.gz': '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
  'train-labels-idx1-ubyte.gz': '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
  't10k-images-idx3-ubyte.gz': '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
  't10k-labels-idx1-ubyte.gz': 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
};

/** SHA-256 of Zalando's Fashion-MNIST `.gz` files. */
export const FASHION_MNIST_SHA256: Readonly<Record<GzFileName, string>> = {
  'train-images-idx3-ubyte.gz': '08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc',
  'train-labels-idx1-ubyte.gz': 'b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc',
  't10k-images-idx3-ubyte.gz': '78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229',
  't10k-labels-idx1-ubyte.gz': '42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf',
};

/** TF 1.x `input_data`'s `DEFAULT_SOURCE_URL`. */
export const DEFAULT_BASE_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';

/**
 * Mirrors whose files are known, so downloads from them are verified without the caller
 * passing `checksums`. Same file names serve different datasets, hence keyed by base URL.
 */
const KNOWN_MIRRORS: ReadonlyMap<string, Checksums> = new Map([
  [DEFAULT_BASE_URL, MNIST_SHA256],
  ['https://ossci-datasets.s3.amazonaws.com/mnist/', MNIST_SHA256],
  ['http://yann.lecun.com/exdb/mnist/', MNIST_SHA256],
  ['https://yann.lecun.com/exdb/mnist/', MNIST_SHA256],
  ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/', FASHION_MNIST_SHA256],
  ['https://fashion-mnist.s3-website.eu-central-1.amazonaws.com/', FASHION_MNIST_SHA256],
]);

/** Checksums known for `baseUrl` (already normalised to end in `/`), if any. */
export function knownChecksums(baseUrl: string): Checksums | undefined {
  return KNOWN_MIRRORS.get(baseUrl);
}

/** `mnist.download`'s options: where from, where to, the checksums, and the network limits (`NetworkOptions`). */
export interface DownloadOptions extends NetworkOptions {
  /** Where the four `.gz` files live. Default `https://storage.googleapis.com/cvdf-datasets/mnist/` (TF's). */
  baseUrl?: string;
  /**
   * Directory of the cached `.gz` files. Default `$XDG_CACHE_HOME/tf-datasets/<host_path>` (or
   * `~/.cache/…`): one directory per base URL, since MNIST and Fashion-MNIST share file names.
   */
  cacheDir?: string;
  /**
   * Expected SHA-256 (hex) per file name, overriding the built-in table for known mirrors. With
   * neither, a download is still checked to be a well-formed IDX file before it is cached.
   */
  checksums?: Checksums;
}
