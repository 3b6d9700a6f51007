import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../src/index.js';
import type { OpaqueAttrs } from '../src/interop/opaque.js';
// @ts-expect-error: a plain .mjs script with no type declarations
import { generate, OPDEFS, OUTPUT } from '../scripts/gen-tf-op-outputs.mjs';
import { floatT, node, placeholder, T } from './import-helpers.js';

beforeEach(() => tf.resetDefaultGraph());

const attrsOf = (op: tf.Operation) => op.attrs as unknown as OpaqueAttrs;

describe('opaque nodes: ops the project does not implement import, and keep their node', () => {
  it("a known TF OpDef gives the outputs and their dtypes (RestoreV2's dtypes list); readers import as usual", () => {
    const g = {
      node: [
        node('prefix', 'Placeholder', [], { dtype: T('DT_STRING') }),
        node('restore', 'RestoreV2', ['prefix', 'prefix', 'prefix'], { dtypes: { list: { type: ['DT_INT32'] } } }),
        placeholder('x', 'DT_FLOAT', [6]),
        node('r', 'Reshape', ['x', 'restore'], { T: floatT, Tshape: T('DT_INT32') }),
      ],
    };
    const [restore, r] = tf.importGraphDef(g, { returnElements: ['restore', 'r:0'] }) as [tf.Operation, tf.Tensor];
    expect(restore.type).toBe('_Opaque');
    expect(attrsOf(restore).tfOp).toBe('RestoreV2');
    expect(attrsOf(restore).node).toBe(g.node[1]);
    expect(restore.outputs.map((t) => [t.dtype, t.shape])).toEqual([['int32', null]]);
    expect(r.op.type).toBe('Reshape');
  });

  it('an unknown op gets as many outputs as anything references; readers of outputs of unknown dtype are opaque too', () => {
    const g = {
      node: [
        placeholder('serialized', 'DT_FLOAT'),
        node('parse', 'ParseMystery', ['serialized']),
        node('use', 'Identity', ['parse:2'], { T: floatT }),
      ],
    };
    const [parse, use] = tf.importGraphDef(g, { returnElements: ['parse', 'use'] }) as tf.Operation[];
    expect(parse!.outputs).toHaveLength(3);
    expect(attrsOf(parse!).knownDTypes).toEqual([false, false, false]);
    expect(use!.type).toBe('_Opaque');
    expect(attrsOf(use!).reason).toBe('reads import/parse:2, of unknown dtype');
  });

  it('a node whose dtype the project cannot hold (DT_STRING, DT_HALF) is opaque, as is a Const beyond int32', () => {
    const g = {
      node: [
        node('names', 'Placeholder', [], { dtype: T('DT_STRING') }),
        node('half', 'Const', [], { dtype: T('DT_HALF'), value: { tensor: { dtype: 'DT_HALF', halfVal: [1] } } }),
        node('big', 'Const', [], { dtype: T('DT_INT64'), value: { tensor: { dtype: 'DT_INT64', int64Val: ['9007199254740991'] } } }),
        node('save', 'SaveV2', ['names', 'names', 'names', 'half'], {
          dtypes: { list: { type: ['DT_HALF'] } },
          _class: { list: { s: [new Uint8Array([1])] } },
        }),
      ],
    };
    const ops = tf.importGraphDef(g, { returnElements: ['names', 'half', 'big', 'save'] }) as tf.Operation[];
    expect(ops.map((op) => op.type)).toEqual(['_Opaque', '_Opaque', '_Opaque', '_Opaque']);
    expect(ops.map((op) => attrsOf(op).reason)).toEqual([
      'dtype=DT_STRING',
      'dtype=DT_HALF',
      "an int64 value 9007199254740991 beyond int32 (node 'big')",
      'not implemented',
    ]);
    // SaveV2's OpDef has no outputs.
    expect(ops[3]!.outputs).toHaveLength(0);
  });

  it('a GatherV2 with batch dims (which this project does not implement) is opaque; batch_dims 0 is a GatherV2', () => {
    const gather = (name: string, batchDims: number) =>
      node(name, 'GatherV2', ['params', 'indices', 'axis'], {
        Tparams: floatT,
        Tindices: T('DT_INT32'),
        Taxis: T('DT_INT32'),
        batch_dims: { i: batchDims },
      });
    const g = {
      node: [
        placeholder('params', 'DT_FLOAT', [2, 3]),
        node('indices', 'Const', [], {
          dtype: T('DT_INT32'),
          value: { tensor: { dtype: 'DT_INT32', tensorShape: { dim: [{ size: 2 }, { size: 1 }] }, intVal: [0, 2] } },
        }),
        node('axis', 'Const', [], { dtype: T('DT_INT32'), value: { tensor: { dtype: 'DT_INT32', intVal: [1] } } }),
        gather('batched', 1),
        gather('plain', 0),
      ],
    };
    const [batched, plain] = tf.importGraphDef(g, { returnElements: ['batched', 'plain'] }) as tf.Operation[];
    expect([batched!.type, attrsOf(batched!).reason]).toEqual(['_Opaque', 'batch_dims=1']);
    expect(plain!.type).toBe('GatherV2');
  });

  it('an ApplyAdagrad with update_slots false (an accumulator left as is) is opaque; true is an ApplyAdagrad', () => {
    const variable = (name: string) => node(name, 'VariableV2', [], { dtype: floatT, shape: { shape: { dim: [{ size: 2 }] } } });
    const scalar = (name: string) => node(name, 'Const', [], { dtype: floatT, value: { tensor: { dtype: 'DT_FLOAT', floatVal: [0.1] } } });
    const adagrad = (name: string, updateSlots: boolean) =>
      node(name, 'ApplyAdagrad', ['w', 'acc', 'lr', 'grad'], { T: floatT, use_locking: { b: false }, update_slots: { b: updateSlots } });
    const g = {
      node: [
        variable('w'),
        variable('acc'),
        scalar('lr'),
        placeholder('grad', 'DT_FLOAT', [2]),
        adagrad('frozen', false),
        adagrad('plain', true),
      ],
    };
    const [frozen, plain] = tf.importGraphDef(g, { returnElements: ['frozen', 'plain'] }) as tf.Operation[];
    expect([frozen!.type, attrsOf(frozen!).reason]).toEqual(['_Opaque', 'update_slots=false']);
    expect(plain!.type).toBe('ApplyAdagrad');
  });

  it('the table of TF OpDef outputs is generated from the fixture and up to date', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generate(readFileSync(OPDEFS, 'utf8')));
  });
});
