#!/usr/bin/env node
// The consumer test: the public packages as a user gets them. Packs every public package, installs
// the tarballs with npm into a new project under os.tmpdir() (outside the workspace: no pnpm, no
// workspace links, no hoisting from the repository), and there
//   - type-checks the user's programs with TypeScript 5.x under `nodenext` (emitting them),
//     `bundler` and a browser config (`types: []`, DOM lib, `skipLibCheck: false`);
//   - runs docs/api.md §1 (examples/mnist-mlp.ts, one epoch) and §2 (examples/api-section2.ts)
//     with Node;
//   - bundles template/src/page.ts (@tf/graph, @tf/session, @tf/kernels-webgpu, @tf/train and
//     @tf/datasets' browser entry) with esbuild's stock browser settings, no plugins, no externals,
//     serves it from 127.0.0.1 and trains on WebGPU and on the CPU in Debian's Chromium;
//   - runs `npx @tf/cli train mnist` for a few steps.
// One line per step (ok / FAIL / skip, seconds); FAIL lines are followed by the output's tail.
// Exits 1 when a step failed. Without Chromium the browser step skips, unless CI=true.
//
//   node tools/consumer-test/run.mjs [--keep] [--no-build] [--tarballs DIR]
//   pnpm test:consumer
//
// --keep keeps the temporary project (it is always kept after a failure); --no-build packs what
// dist/ holds now instead of running turbo's build first; --tarballs DIR installs the .tgz files
// already in DIR (.ci/run packs them once) instead of building and packing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const argv = process.argv.slice(2);
const args = new Set(argv);
const keep = args.has('--keep');
/** `--tarballs DIR`: install the tarballs already packed there (.ci/run's) instead of building and packing. */
const packedDir = args.has('--tarballs') ? argv[argv.indexOf('--tarballs') + 1] : undefined;
const ci = process.env.CI === 'true';

/** What the consumer installs from the registry besides the tarballs: exact versions. */
const REGISTRY_DEPS = {
  typescript: '5.9.3',
  esbuild: '0.28.2',
  '@types/node': '20.19.43',
};
/** docs/api.md §1 for one epoch: 80 steps on the 8000 embedded digits give 0.84–0.87. */
const MIN_TEST_ACCURACY = 0.8;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------
// Reporting

const started = performance.now();
const failures = [];
const NAME_WIDTH = 22;

function line(status, name, seconds, detail) {
  const time = seconds === undefined ? '     -' : `${seconds.toFixed(1).padStart(5)} s`;
  console.log(`consumer-test: ${status.padEnd(4)} ${name.padEnd(NAME_WIDTH)} ${time}  ${detail}`);
}

class StepError extends Error {
  constructor(message, output = '') {
    super(message);
    this.output = output;
  }
}

/** Runs `fn`, prints its line; returns its value, or undefined when it failed. */
async function step(name, fn) {
  const t0 = performance.now();
  try {
    const { detail, value, seconds } = (await fn()) ?? {};
    line('ok', name, seconds ?? (performance.now() - t0) / 1000, detail ?? '');
    return value ?? true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    line('FAIL', name, (performance.now() - t0) / 1000, message.split('\n')[0]);
    const rest = [message.split('\n').slice(1).join('\n'), error?.output ?? ''].filter((s) => s.trim()).join('\n');
    const tail = rest.trimEnd().split('\n').slice(-40);
    if (tail.length && tail[0] !== '') for (const l of tail) console.log(`    | ${l}`);
    failures.push(name);
    return undefined;
  }
}

function skip(name, why) {
  line('skip', name, undefined, why);
}

// ---------------------------------------------------------------------------------------------
// Processes

/** npm settings from the environment that the consumer's npm keeps (where its cache and registry are). */
const KEPT_NPM_CONFIG = /^npm_config_(cache|registry|proxy|https_proxy|noproxy|cafile|strict_ssl|userconfig)$/i;

/** The environment for npm/npx/node in the consumer: nothing pnpm passes to scripts leaks in. */
function consumerEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|TURBO_|INIT_CWD$|NODE_PATH$)/i.test(key) && !KEPT_NPM_CONFIG.test(key)) continue;
    env[key] = value;
  }
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return env;
}

/** Runs a command; resolves with its combined output, rejects with a StepError carrying it. */
function exec(command, argv, { cwd, env = process.env, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new StepError(`${command}: ${error.message}`, output));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else {
        const why = signal ? `killed (${signal}${signal === 'SIGKILL' ? `, over ${timeoutMs / 1000} s` : ''})` : `exit ${code}`;
        reject(new StepError(`${[command, ...argv].join(' ')}: ${why}`, output));
      }
    });
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// ---------------------------------------------------------------------------------------------
// The steps

const work = await mkdtemp(join(tmpdir(), 'tf-consumer-'));
const tarballs = packedDir ? resolve(packedDir) : join(work, 'tarballs');
const project = join(work, 'consumer');
if (!packedDir) await mkdir(tarballs);

if (!args.has('--no-build') && !packedDir) {
  await step('build', async () => {
    await exec(
      'pnpm',
      ['turbo', 'run', 'build', '--filter=./packages/*', '--filter=!@tf/conformance', '--filter=@tf/cli', '--output-logs=errors-only'],
      { cwd: repo },
    );
    return { detail: 'turbo build of the public packages' };
  });
}

const packed = await step('pack', async () => {
  if (!packedDir)
    await exec(
      'pnpm',
      ['-r', '--filter=./packages/*', '--filter=@tf/cli', '--filter=!@tf/conformance', 'pack', '--pack-destination', tarballs],
      { cwd: repo },
    );
  const files = (await readdir(tarballs)).filter((f) => f.endsWith('.tgz')).sort();
  if (files.length === 0) throw new StepError('no tarballs');
  let bytes = 0;
  for (const f of files) bytes += (await stat(join(tarballs, f))).size;
  const where = packedDir ? `packed by the caller in ${tarballs}` : 'pnpm pack';
  return { detail: `${files.length} tarballs, ${(bytes / 1024).toFixed(0)} KiB (${where}): ${files.join(' ')}`, value: files };
});

const installed =
  packed &&
  (await step('install', async () => {
    const dependencies = {};
    for (const file of packed) {
      const manifest = JSON.parse(await exec('tar', ['-xzOf', join(tarballs, file), 'package/package.json']));
      dependencies[manifest.name] = `file:${join(tarballs, file)}`;
    }
    await mkdir(project);
    await cp(join(here, 'template'), project, { recursive: true });
    await writeFile(
      join(project, 'package.json'),
      `${JSON.stringify(
        { name: 'tf-consumer', version: '1.0.0', private: true, type: 'module', dependencies, devDependencies: REGISTRY_DEPS },
        null,
        2,
      )}\n`,
    );
    // The user's programs: API.md §1 and §2 as the examples keep them, §1 for one epoch.
    const mlp = await readFile(join(repo, 'examples/mnist-mlp.ts'), 'utf8');
    if (!mlp.includes('const nEpochs = 10;')) throw new StepError('examples/mnist-mlp.ts no longer has `const nEpochs = 10;`');
    await writeFile(join(project, 'src/mnist-mlp.ts'), mlp.replace('const nEpochs = 10;', 'const nEpochs = 1;'));
    await copyFile(join(repo, 'examples/api-section2.ts'), join(project, 'src/api-section2.ts'));
    // --ignore-scripts: the workspace runs none of its dependencies' install scripts either
    // (pnpm-workspace.yaml allowBuilds), and npm 11 asks before running them.
    await exec(npm, ['install', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: project,
      env: consumerEnv(),
    });
    // Every @tf package must come from a tarball: one copy each, at the top.
    const nested = await exec(npm, ['ls', '--all', '--parseable'], { cwd: project, env: consumerEnv() }).catch((e) => e.output ?? '');
    const stray = nested.split('\n').filter((p) => /node_modules\/.+\/node_modules\/@tf\//.test(p));
    if (stray.length) throw new StepError(`nested @tf packages (not deduplicated to the tarballs): ${stray.join(', ')}`);
    const versions = Object.entries(REGISTRY_DEPS)
      .map(([n, v]) => `${n}@${v}`)
      .join(' ');
    return { detail: `${packed.length} tarballs + ${versions} with npm into ${project}` };
  }));

async function tsc(config) {
  const output = await exec(join(project, 'node_modules/.bin/tsc'), ['-p', config], { cwd: project, env: consumerEnv() }).catch((error) => {
    const errors = (error.output.match(/error TS\d+/g) ?? []).length;
    throw new StepError(`${errors} type errors`, error.output);
  });
  return output;
}

if (installed) {
  await step('typecheck nodenext', async () => {
    await tsc('tsconfig.nodenext.json');
    return { detail: `tsc ${REGISTRY_DEPS.typescript}, module/moduleResolution nodenext, skipLibCheck false (emits build/)` };
  });

  await step('node §1 mnist-mlp', async () => {
    const file = join(project, 'build/mnist-mlp.js');
    if (!existsSync(file)) throw new StepError('build/mnist-mlp.js was not emitted');
    const output = await exec(process.execPath, [file], { cwd: project, env: consumerEnv() });
    const epoch = output.match(/EPOCH::1, training_accuracy ([\d.eE+-]+|NaN)/);
    const test = output.match(/test accuracy ([\d.eE+-]+|NaN)/);
    if (!epoch || !test) throw new StepError('no EPOCH::1 / test accuracy line', output);
    const accuracy = Number(test[1]);
    if (!(accuracy > MIN_TEST_ACCURACY)) throw new StepError(`test accuracy ${test[1]} ≤ ${MIN_TEST_ACCURACY}`, output);
    return { detail: `1 epoch: validation accuracy ${Number(epoch[1]).toFixed(3)}, test accuracy ${accuracy.toFixed(3)}` };
  });

  await step('node §2 api-section2', async () => {
    const file = join(project, 'build/api-section2.js');
    if (!existsSync(file)) throw new StepError('build/api-section2.js was not emitted');
    const output = await exec(process.execPath, [file], { cwd: project, env: consumerEnv() });
    const lines = output.trim().split('\n');
    if (lines.join('|') !== '30|30.0|30.0') throw new StepError(`printed ${JSON.stringify(lines)}, expected 30, 30.0, 30.0`, output);
    return { detail: 'printed 30, 30.0, 30.0' };
  });

  await step('typecheck bundler', async () => {
    await tsc('tsconfig.bundler.json');
    return { detail: 'moduleResolution bundler: the Node programs and the page' };
  });

  await step('typecheck browser', async () => {
    await tsc('tsconfig.browser.json');
    return { detail: 'the page with types: [], lib ES2022 + DOM, skipLibCheck false' };
  });

  const bundled = await step('bundle', async () => {
    const dist = join(project, 'dist');
    // esbuild's stock browser build: no plugins, no externals, no aliases.
    await exec(
      join(project, 'node_modules/.bin/esbuild'),
      [
        'src/page.ts',
        '--bundle',
        '--platform=browser',
        '--format=esm',
        '--sourcemap',
        '--log-level=warning',
        `--outfile=${join(dist, 'page.js')}`,
      ],
      { cwd: project, env: consumerEnv() },
    );
    await copyFile(join(project, 'index.html'), join(dist, 'index.html'));
    const bundle = await readFile(join(dist, 'page.js'), 'utf8');
    // An import of a Node-only module left in the bundle would fail in the page (demo's check).
    const leaked = bundle.match(
      /(?:^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?|\bimport\s*\(\s*|\brequire\s*\(\s*)["'](?:node:[^"']*|webgpu|@tf\/kernels-webgpu\/node)["']/m,
    );
    if (leaked) throw new StepError(`dist/page.js imports a Node-only module: ${leaked[0].trim()}`);
    const sample = await browserSample(dist);
    return { detail: `esbuild ${REGISTRY_DEPS.esbuild} --platform=browser: page.js ${(bundle.length / 1024).toFixed(0)} KiB; ${sample}` };
  });

  if (!existsSync(CHROMIUM) && !ci) {
    skip('browser webgpu + cpu', `${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH); CI=true fails instead`);
  } else if (!bundled) {
    line('FAIL', 'browser webgpu + cpu', undefined, 'no bundle to load (see the bundle step)');
    failures.push('browser');
  } else {
    const result = await step('browser', async () => {
      if (!existsSync(CHROMIUM)) throw new StepError(`CI=true and ${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`);
      const value = await runPage(join(project, 'dist'));
      if (!value.ok && value.error) throw new StepError(`page: ${value.error}`, JSON.stringify(value, null, 2));
      return { detail: `Chromium ${value.version}, adapter: ${value.adapter}; ${value.examples} digits from mnist-sample.bin`, value };
    });
    if (result) {
      for (const device of ['webgpu', 'cpu']) {
        await step(`browser ${device}`, async () => {
          const run = result.runs.find((r) => r.requested === device);
          if (!run) throw new StepError(`no ${device} run in the page's result`, JSON.stringify(result, null, 2));
          if (run.error) throw new StepError(run.error);
          if (run.device !== device) throw new StepError(`the session asked for ${device} ran on ${run.device}`);
          const losses = run.losses;
          if (!losses.every(Number.isFinite)) throw new StepError(`non-finite loss: ${losses.join(', ')}`);
          const head = mean(losses.slice(0, 3));
          const tail = mean(losses.slice(-3));
          if (!(tail < head)) throw new StepError(`loss did not decrease: ${losses.map((l) => l.toFixed(3)).join(', ')}`);
          let extra = '';
          if (device === 'webgpu') {
            if (result.directBackend !== 30) throw new StepError(`createWebGpuBackend run gave ${result.directBackend}`);
            extra = `; createWebGpuBackend: 5 × 6 = ${result.directBackend}`;
          } else {
            // Same seeded weights, same batches: the devices agree to float32 rounding.
            const other = result.runs.find((r) => r.requested === 'webgpu')?.losses;
            if (other?.length === losses.length) {
              const delta = Math.max(...losses.map((l, i) => Math.abs(l - other[i])));
              if (!(delta < 1e-2))
                throw new StepError(`CPU and WebGPU losses differ by ${delta}: ${losses.join(', ')} vs ${other.join(', ')}`);
              extra = `; max |loss − WebGPU's| ${delta.toExponential(1)}`;
            }
          }
          return {
            seconds: run.ms / 1000,
            detail: `${losses.length} steps in the page: loss ${losses[0].toFixed(3)} → ${losses.at(-1).toFixed(3)}, test accuracy ${run.accuracy.toFixed(3)}${extra}`,
          };
        });
      }
    }
  }

  await step('npx @tf/cli train', async () => {
    const argv = ['--no', '--', '@tf/cli', 'train', 'mnist', '--epochs', '1', '--max-steps-per-epoch', '20', '--json'];
    const output = await exec(npx, argv, { cwd: project, env: consumerEnv() });
    const records = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const epoch = records.find((r) => r.epoch === 1);
    const end = records.find((r) => 'testAccuracy' in r);
    if (!epoch || !end) throw new StepError('no {"epoch":1,…} / {"testAccuracy":…} line', output);
    if (!Number.isFinite(epoch.loss) || !Number.isFinite(end.testAccuracy)) throw new StepError('non-finite loss or accuracy', output);
    return {
      detail: `npx --no @tf/cli train mnist --epochs 1 --max-steps-per-epoch 20: loss ${epoch.loss.toFixed(3)}, test accuracy ${end.testAccuracy.toFixed(3)}`,
    };
  });
}

const total = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length) {
  console.log(`consumer-test: FAIL ${failures.length} step(s) failed (${failures.join(', ')}) in ${total} s; project kept in ${project}`);
  process.exitCode = 1;
} else {
  if (keep) console.log(`consumer-test: all steps passed in ${total} s; project kept in ${project}`);
  else {
    await rm(work, { recursive: true, force: true });
    console.log(`consumer-test: all steps passed in ${total} s`);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Puts the MNIST sample the page fetches (`./mnist-sample.bin`) beside it, the way a user copies
 * a package's static asset into their site: `@tf/datasets/mnist-sample.bin`, resolved through the
 * installed package's `exports`.
 */
async function browserSample(dist) {
  let file;
  try {
    file = createRequire(join(project, 'package.json')).resolve('@tf/datasets/mnist-sample.bin');
  } catch (error) {
    throw new StepError(`@tf/datasets/mnist-sample.bin does not resolve: ${error.message.split('\n')[0]}`);
  }
  await copyFile(file, join(dist, 'mnist-sample.bin'));
  return `@tf/datasets/mnist-sample.bin ${((await stat(file)).size / 1024).toFixed(0)} KiB`;
}

/** apps/demo/test/chromium.ts's CHROMIUM_FLAGS (DEVELOPERS.md says why each is there). */
async function chromiumFlags() {
  const source = await readFile(join(repo, 'apps/demo/test/chromium.ts'), 'utf8');
  const list = source.match(/CHROMIUM_FLAGS\s*=\s*\[([^\]]*)\]/);
  const flags = list ? [...list[1].matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]) : [];
  if (flags.length === 0) throw new StepError('could not read CHROMIUM_FLAGS from apps/demo/test/chromium.ts');
  return flags;
}

/** Serves `root` on 127.0.0.1 (a secure context: the page gets navigator.gpu), loads the page, returns its result. */
async function runPage(root) {
  // The driver is the workspace's (this package's devDependency), not the consumer's: it tests
  // the page, it is no part of what a user installs.
  let playwright;
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    throw new StepError(`playwright-core not found (pnpm install at the repository root): ${error.message.split('\n')[0]}`);
  }
  const { chromium } = playwright.default ?? playwright;
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.bin': 'application/octet-stream' };
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    try {
      if (!file.startsWith(base)) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const logs = [];
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: await chromiumFlags(), timeout: 30_000 });
    const page = await browser.newPage();
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    await page.goto(url);
    const handle = await page.waitForFunction(() => document.body.dataset.result, undefined, { timeout: 180_000 });
    const value = JSON.parse(await handle.jsonValue());
    return { ...value, version: browser.version() };
  } catch (error) {
    throw new StepError(error instanceof StepError ? error.message : `${error.message.split('\n')[0]}`, logs.join('\n'));
  } finally {
    await browser?.close();
    server.closeAllConnections();
    server.close();
  }
}
