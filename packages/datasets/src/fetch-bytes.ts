import { DownloadError } from './errors.js';

/** GET `url` with `fetch` (Node and browsers): the body's bytes, or a `DownloadError` saying what failed. */
export async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new DownloadError(url, `request failed: ${(err as Error).message}`, { cause: err });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`.trimEnd(), { status: response.status });
  }
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throw new DownloadError(url, `reading the response failed: ${(err as Error).message}`, { cause: err });
  }
}
