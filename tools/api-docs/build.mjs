#!/usr/bin/env node
// `pnpm docs:api`: the API reference of every public entry point of every public package, from
// the doc comments, as HTML in docs/api-reference/ (gitignored; CI builds it).
//
// TypeDoc needs TypeScript's compiler API, which the workspace's TypeScript 7 (native) does not
// have: this package gives TypeDoc its own TypeScript 5.9, and the rest of the repository keeps 7.
// The entry points are read from each public package's `exports` (`./dist/x.d.ts` → `src/x.ts`),
// so a new subpath is documented without touching this file; `@tf/*` imports resolve to the
// sources (tsconfig `paths`), so every symbol is documented once, where it is defined.
//
//   pnpm docs:api                   (from the repository root)
//   node tools/api-docs/build.mjs [--strict]
//
// --strict fails on any warning (CI does not use it: see the warnings the run prints).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Converter, LogLevel, ReflectionKind } from 'typedoc';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const out = join(repo, 'docs/api-reference');
const strict = process.argv.includes('--strict');

/** The `types` files a subpath export names, under any condition (`browser`, `node`, `default`, …). */
function typesFiles(target) {
  if (typeof target === 'string') return target.endsWith('.d.ts') ? [target] : [];
  if (target === null || typeof target !== 'object') return [];
  if (typeof target.types === 'string') return [target.types];
  return [...new Set(Object.values(target).flatMap(typesFiles))];
}

/** A package's own `paths` (its `#…` imports) from its tsconfig.build.json, as absolute paths. */
function packagePaths(dir) {
  const file = join(dir, 'tsconfig.build.json');
  if (!existsSync(file)) return {};
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const paths = config.compilerOptions?.paths ?? {};
  return Object.fromEntries(Object.entries(paths).map(([key, targets]) => [key, targets.map((t) => join(dir, t))]));
}

/** Every public package (not `private`) under packages/ and apps/, with its entry points. */
function publicEntryPoints() {
  const entries = [];
  const paths = {};
  for (const parent of ['packages', 'apps']) {
    for (const dir of readdirSync(join(repo, parent)).sort()) {
      const file = join(repo, parent, dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.private) continue;
      Object.assign(paths, packagePaths(join(repo, parent, dir)));
      const exports = typeof pkg.exports === 'object' && !('types' in pkg.exports) ? pkg.exports : { '.': pkg.exports ?? pkg.types };
      for (const [subpath, target] of Object.entries(exports)) {
        const files = typesFiles(target);
        // Several conditions with different declarations (a browser and a Node build of one
        // subpath): each is documented, named by its condition's file.
        for (const types of files) {
          const source = join(repo, parent, dir, types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));
          if (!existsSync(source))
            throw new Error(`${pkg.name} exports ${subpath} → ${types}, but ${relative(repo, source)} does not exist`);
          const name = `${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}`;
          entries.push({
            name: files.length > 1 ? `${name} (${types.replace(/^.*\//, '').replace(/\.d\.ts$/, '')})` : name,
            source,
            importName: name,
          });
        }
      }
    }
  }
  return { entries, paths };
}

const { entries, paths } = publicEntryPoints();
for (const { importName, source } of entries) paths[importName] ??= [source];

const app = await Application.bootstrapWithPlugins({
  name: '@tf API reference',
  entryPoints: entries.map((e) => e.source),
  entryPointStrategy: 'resolve',
  tsconfig: join(here, 'tsconfig.json'),
  // The sources are checked by TypeScript 7 (`pnpm typecheck`); 5.9 disagrees on a few spots
  // (`import { type protobuf }` used as a value, Uint8Array<ArrayBufferLike> for WebGPU writes)
  // that do not change a declaration.
  skipErrorChecking: true,
  compilerOptions: { paths },
  readme: join(here, 'README.md'),
  out,
  cleanOutputDir: true,
  githubPages: false,
  excludePrivate: true,
  excludeProtected: false,
  excludeInternal: true,
  excludeExternals: true,
  categorizeByGroup: true,
  sort: ['kind', 'alphabetical-ignoring-documents'],
  disableSources: false,
  sourceLinkTemplate: 'https://github.com/tf-ts/tf/blob/main/{path}#L{line}',
  gitRevision: 'main',
  navigationLinks: { GitHub: 'https://github.com/tf-ts/tf', 'docs/api.md': 'https://github.com/tf-ts/tf/blob/main/docs/api.md' },
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: false, unusedMergeModuleWith: true },
  logLevel: LogLevel.Info,
});

// Module names: the import specifier (`@tf/graph/backend`), not the path of the source file.
const nameOf = new Map(entries.map((e) => [e.source, e.name]));
app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
  if (!reflection.kindOf(ReflectionKind.Module)) return;
  const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
  const name = file && nameOf.get(file);
  if (name) reflection.name = name;
});

const project = await app.convert();
if (!project) {
  console.error('api-docs: TypeDoc could not convert the sources (see above)');
  process.exit(1);
}
app.validate(project);
await app.generateOutputs(project);
const { errorCount, warningCount } = app.logger;
console.log(
  `api-docs: ${entries.length} entry points → ${relative(repo, out)}/index.html (${warningCount} warnings, ${errorCount} errors)`,
);
if (errorCount > 0 || (strict && warningCount > 0)) process.exit(1);
