// `#platform` (package.json "imports"): Node gets platform-node.ts, everything else (browsers,
// with every bundler's default conditions) platform-browser.ts. What the root entry point pulls in
// with the browser variant must not name `node:*`; the Chromium test in apps/demo bundles and runs it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, UnimplementedError } from '@tf/graph';
import { describe, expect, it } from 'vitest';
import * as browser from '../src/platform-browser.js';
import type * as node from '../src/platform-node.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  imports: Record<string, Record<string, string>>;
  exports: Record<string, unknown>;
};

// The browser variant provides every name of the Node one, with the same types.
const _sameShape: typeof node = browser;

/** Every module specifier the sources reachable from `entry` import, `#platform` taken as `platformFile`. */
function reachableImports(entry: string, platformFile: string): Set<string> {
  const specifiers = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, typeOnly, spec] of code.matchAll(/^(?:import|export)\s+(type\s)?[^'";]*?from\s+'([^']+)'/gm)) {
      if (typeOnly) continue;
      specifiers.add(spec!);
      if (spec === '#platform') visit(join(src, platformFile));
      else if (spec!.startsWith('.')) visit(join(dirname(file), spec!.replace(/\.js$/, '.ts')));
    }
  };
  visit(join(src, entry));
  return specifiers;
}

describe('#platform', () => {
  it('resolves to the Node file under the node condition and to the browser file otherwise', () => {
    expect(pkg.imports['#platform']).toEqual({ node: './dist/platform-node.js', default: './dist/platform-browser.js' });
    expect(pkg.exports['./mnist-sample.bin']).toBe('./dist/mnist-sample.bin');
  });

  it('keeps node:* out of the root entry point in a browser, and only there', () => {
    const inBrowser = [...reachableImports('index.ts', 'platform-browser.ts')];
    expect(inBrowser.filter((s) => s.startsWith('node:'))).toEqual([]);
    expect(inBrowser.filter((s) => !s.startsWith('.') && !s.startsWith('#')).sort()).toEqual(['@tf/graph', '@tf/graph/backend']);
    const inNode = [...reachableImports('index.ts', 'platform-node.ts')];
    expect(inNode).toEqual(expect.arrayContaining(['node:fs/promises', 'node:zlib', 'node:crypto']));
  });

  it('in a browser, says what to do instead of what needs Node', async () => {
    await expect(browser.readBuiltInSample()).rejects.toThrow(InvalidArgumentError);
    await expect(browser.readBuiltInSample()).rejects.toThrow(/mnist\.load\(\{ source: url \}\)/);
    await expect(browser.download({})).rejects.toThrow(UnimplementedError);
    await expect(browser.readIdxDir('/data/mnist')).rejects.toThrow(/needs Node; in a browser fetch the IDX files/);
    expect(() => browser.gunzipIdx(new Uint8Array([0x1f, 0x8b]), 'x.gz', 100)).toThrow(UnimplementedError);
    expect(() => browser.gunzipIdx(new Uint8Array([0x1f, 0x8b]), 'x.gz', 100)).toThrow(/DecompressionStream/);
  });
});
