import { readdirSync } from 'node:fs';
import * as tf from '@tf/graph';
import { getOpDef, allOpDefs } from '@tf/graph/backend';
import { describe, expect, it } from 'vitest';
import { caseFileNames, loadOpCaseFiles, OPS_WITHOUT_CASES, validateCase } from '../src/index.js';

const opCaseFiles = await loadOpCaseFiles();

describe('case file discovery', () => {
  const onDisk = readdirSync(new URL('../src/cases/', import.meta.url))
    .filter((name) => name.endsWith('.cases.ts'))
    .sort();

  it('loads every src/cases/*.cases.ts file, each once, in file-name order', () => {
    expect(onDisk.length).toBeGreaterThan(100);
    expect(caseFileNames()).toEqual(onDisk);
    expect(opCaseFiles).toHaveLength(onDisk.length);
  });

  it('finds the same files once built (dist/cases/*.cases.js), where other packages import it from', async () => {
    const built = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');
    expect(built.caseFileNames()).toEqual(onDisk.map((name) => name.replace(/\.ts$/, '.js')));
    const files = await built.loadOpCaseFiles();
    expect(files.map((file) => file.op)).toEqual(opCaseFiles.map((file) => file.op));
  });
});

// Backend-independent checks of the case files themselves.
describe('case files', () => {
  it('every op in allOpDefs() has a case file or an entry in ops-without-cases.ts', () => {
    const covered = new Set(opCaseFiles.filter((file) => !file.composite).map((file) => file.op));
    const missing = allOpDefs()
      .map((def) => def.type)
      .filter((type) => !covered.has(type) && !(type in OPS_WITHOUT_CASES));
    expect(missing, `ops without a case file: add src/cases/<op>.cases.ts, or an entry with a reason in src/ops-without-cases.ts`).toEqual(
      [],
    );
  });

  it('ops-without-cases.ts lists only existing ops that have no case file', () => {
    const covered = new Set(opCaseFiles.filter((file) => !file.composite).map((file) => file.op));
    const stale = Object.keys(OPS_WITHOUT_CASES).filter((type) => covered.has(type) || !getOpDef(type));
    expect(stale, 'remove these entries from src/ops-without-cases.ts').toEqual([]);
  });

  it('every case file names an existing op (or a composite builder that is not an op type), once', () => {
    const ops = opCaseFiles.map((file) => file.op);
    const unknown = opCaseFiles.filter((file) => !file.composite && !getOpDef(file.op)).map((file) => file.op);
    expect(unknown, 'case files for ops that do not exist (a composite builder sets `composite: true`)').toEqual([]);
    const clashing = opCaseFiles.filter((file) => file.composite && getOpDef(file.op)).map((file) => file.op);
    expect(clashing, 'composite case files must be named after the builder, not an op type').toEqual([]);
    expect(
      ops.filter((op, i) => ops.indexOf(op) !== i),
      'ops with two case files',
    ).toEqual([]);
  });

  it('case names are unique within each file', () => {
    const duplicates = opCaseFiles.flatMap((file) => {
      const names = file.cases.map((c) => c.name);
      return names.filter((name, i) => names.indexOf(name) !== i).map((name) => `${file.op}/${name}`);
    });
    expect(duplicates).toEqual([]);
  });

  it('every case is well formed (sizes match shapes, an expectation is given)', () => {
    const problems = opCaseFiles.flatMap((file) => file.cases.flatMap((c) => validateCase(file, c)));
    expect(problems).toEqual([]);
  });

  it('every differentiable op with a case file has gradient checks on at least 3 cases', () => {
    const weak = opCaseFiles
      .filter((file) => !file.composite && typeof getOpDef(file.op)?.gradient === 'function')
      .filter((file) => file.cases.filter((c) => c.gradCheck).length < 3)
      .map((file) => file.op);
    expect(weak, 'add gradCheck cases (3 shapes: include broadcasting and size-1 dims)').toEqual([]);
  });
});
