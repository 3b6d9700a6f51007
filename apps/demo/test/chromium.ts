// What the browser tests share: Debian's Chromium (never a downloaded browser) with WebGPU on
// SwiftShader (or, with NO_WEBGPU_FLAGS, without an adapter), the rule for when to skip, the build
// of dist/ (scripts/build.mjs for the test pages, then Vite for the demo), the check that a bundle
// carries no Node-only module, loading a page of dist/ (pages that report through
// `document.body.dataset.result` are read with `result`), and where screenshots go
// (test-artifacts/, gitignored). DEVELOPERS.md says why each flag is there.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { type StaticServer, serveStatic } from './static-server.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The harness's flags less WebGPU's: `navigator.gpu` is there, `requestAdapter()` finds nothing. */
export const NO_WEBGPU_FLAGS = [...CHROMIUM_FLAGS.filter((f) => !/webgpu|vulkan|swiftshader/i.test(f)), '--disable-features=Vulkan'];

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const dist = join(root, 'dist');
/** Screenshots the tests take (gitignored). */
export const artifacts = join(root, 'test-artifacts');
export const haveChromium = existsSync(CHROMIUM);
export const skipReason = `${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`;

/** Without Chromium the browser test skips locally (the reason printed) and fails under CI=true. */
export function browserTest(what: string): typeof it | typeof it.skip {
  if (haveChromium || process.env['CI'] === 'true') return it;
  process.stderr.write(`Skipping ${what}: ${skipReason}\n`);
  return it.skip;
}

/**
 * Builds dist/ unless `files` are already there (`turbo run test` builds first; a bare `vitest run`
 * builds here): the package's `build` script, i.e. scripts/build.mjs, then `vite build`.
 */
export function ensureBuilt(...files: string[]): void {
  if (files.every((f) => existsSync(join(dist, f)))) return;
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

/**
 * A bundle for the page must not import `node:*`, `webgpu` or `@tf/kernels-webgpu/node`: no
 * import statement, dynamic import or require naming one. A guarded runtime lookup such as
 * `process.getBuiltinModule('node:worker_threads')` (the CPU backend's Node worker pool, reached
 * only where `process` exists) is not an import: bundlers do not follow it and browsers never run it.
 */
export function expectNoNodeOnlyImports(bundleFile: string): string {
  const bundle = readFileSync(join(dist, bundleFile), 'utf8');
  expect(bundle).not.toMatch(
    /(?:^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?|\bimport\s*\(\s*|\brequire\s*\(\s*)["'](?:node:[^"']*|webgpu|@tf\/kernels-webgpu\/node)["']/m,
  );
  return bundle;
}

/** An open page of dist/ in headless Chromium, with its console kept for failure messages. */
export interface OpenPage {
  readonly page: Page;
  readonly logs: string[];
  /** Waits for the page's `document.body.dataset.result` and parses it. */
  result<R>(timeout: number): Promise<R>;
  close(): Promise<void>;
}

export async function openPage(
  path: string,
  viewport?: { width: number; height: number },
  onPage?: (page: Page) => void,
  args: readonly string[] = CHROMIUM_FLAGS,
): Promise<OpenPage> {
  if (!haveChromium) throw new Error(`CI=true and ${skipReason}`);
  const server: StaticServer = await serveStatic(dist);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...args], timeout: 20_000 });
    const page = await browser.newPage(viewport ? { viewport } : {});
    const logs: string[] = [];
    page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
    onPage?.(page);
    await page.goto(`${server.url}${path}`);
    const opened = browser;
    return {
      page,
      logs,
      async result<R>(timeout: number): Promise<R> {
        const handle = await page
          .waitForFunction(() => document.body.dataset['result'], undefined, { timeout })
          .catch((error: Error) => {
            throw new Error(`${error.message}\nbrowser console:\n${logs.join('\n')}`);
          });
        return JSON.parse((await handle.jsonValue()) as string) as R;
      },
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}
