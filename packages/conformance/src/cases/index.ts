import { readdirSync } from 'node:fs';
import type { OpCaseFile } from '../case.js';

/**
 * The case files are discovered, not listed: every `<op>.cases.ts` in this folder (`.cases.js`
 * once built to dist/) is one op's cases, its default export made by `defineCases`. Adding an
 * op's cases is dropping one file here; the coverage test fails for an op without one.
 */
const CASE_FILE = /^[a-z0-9-]+\.cases\.(?:ts|js)$/;

/** The case file names in this folder, sorted (the order of the suite). */
export function caseFileNames(): string[] {
  const names = readdirSync(new URL('./', import.meta.url)).filter((name) => CASE_FILE.test(name));
  // A folder holding both (never expected) would list each op twice; prefer what runs here.
  const own = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const byStem = new Map<string, string>();
  for (const name of names) {
    const stem = name.slice(0, -3);
    if (!byStem.has(stem) || name.endsWith(own)) byStem.set(stem, name);
  }
  return [...byStem.values()].sort();
}

let loaded: Promise<readonly OpCaseFile[]> | undefined;

/** Every case file of the suite (imported once, then cached), in file-name order. */
export function loadOpCaseFiles(): Promise<readonly OpCaseFile[]> {
  loaded ??= Promise.all(caseFileNames().map(importCaseFile));
  return loaded;
}

async function importCaseFile(name: string): Promise<OpCaseFile> {
  const module = (await import(new URL(`./${name}`, import.meta.url).href)) as { default?: unknown };
  const file = module.default;
  if (!isOpCaseFile(file)) {
    throw new Error(`cases/${name} must export default defineCases({ op, build, cases }) (its default export is ${describe(file)})`);
  }
  return file;
}

function isOpCaseFile(value: unknown): value is OpCaseFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Partial<OpCaseFile>;
  return typeof file.op === 'string' && typeof file.build === 'function' && Array.isArray(file.cases);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value !== 'object' || value === null) return String(value);
  return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}
