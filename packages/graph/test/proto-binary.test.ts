import { describe, expect, it } from 'vitest';
import { DataLossError, InvalidArgumentError } from '../src/errors.js';
import { decodeProto, encodeProto } from '../src/proto/binary.js';
import { decodeGraphDef, encodeGraphDef } from '../src/proto/graph-def.js';
import type { GraphDef, NodeDef } from '../src/proto/generated/types.js';
import { BINARY_GRAPHS, readFixture } from './proto-fixtures.js';

/** Builds wire bytes by hand: each entry is a byte or a byte array. */
function bytes(...parts: (number | number[] | Uint8Array)[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p])));
}
const utf8 = (s: string) => new TextEncoder().encode(s);
/** A length-delimited field: tag byte, one-byte length, payload. */
const ld = (tag: number, payload: Uint8Array) => bytes(tag, payload.length, payload);

describe('binary GraphDef', () => {
  it.each(BINARY_GRAPHS)('%s decodes, re-encodes and decodes to an equal object', (name) => {
    const original = readFixture(name);
    const def = decodeGraphDef(original);
    expect(def.node.length).toBeGreaterThan(0);
    const again = encodeGraphDef(def);
    expect(again).toBeInstanceOf(Uint8Array);
    expect(decodeGraphDef(again)).toEqual(def);
    // TensorFlow writes fields in number order and these files have one-entry-order maps: the bytes come back too.
    expect(again.length).toBe(original.length);
  });

  it('follows the object convention: plain objects, camelCase, enum names, numbers, own Uint8Arrays', () => {
    const def = decodeGraphDef(readFixture('tf2onnx-regression/graphdef/frozen.pb'));
    expect(Object.getPrototypeOf(def)).toBe(Object.prototype);
    const w = def.node.find((n) => n.name === 'W') as NodeDef;
    expect(w.op).toBe('Const');
    expect(w.input).toEqual([]);
    expect(w.attr.dtype).toEqual({ type: 'DT_FLOAT' });
    const tensor = w.attr.value!.tensor!;
    expect(tensor.dtype).toBe('DT_FLOAT');
    expect(tensor.tensorShape).toEqual({ dim: [] });
    expect(tensor.floatVal).toEqual([expect.closeTo(0.21396178, 7)]);
    // Every repeated field is an array and every map an object, set or not; unset scalars are absent.
    expect(tensor.intVal).toEqual([]);
    expect(tensor.tensorContent).toBeUndefined();

    const fc = decodeGraphDef(readFixture('tf2onnx-fc-layers/frozen.pb'));
    expect(decodeGraphDef(readFixture('tfrust/addition.pb')).versions).toEqual({ producer: 1882, badConsumers: [] });
    const content = fc.node.map((n) => n.attr.value?.tensor?.tensorContent).find((c) => c !== undefined)!;
    expect(Object.getPrototypeOf(content)).toBe(Uint8Array.prototype); // not a Buffer
    expect(content.byteOffset).toBe(0); // its own buffer: Float32Array views over it are aligned
    expect(content.buffer.byteLength).toBe(content.byteLength);
  });

  it('accepts a Node Buffer and returns plain Uint8Arrays', () => {
    const def = decodeGraphDef(Buffer.from(readFixture('tfrust/addition.pb')));
    const s = def.node[0]!.attr._user_specified_name!.s!;
    expect(Object.getPrototypeOf(s)).toBe(Uint8Array.prototype);
    const out = encodeGraphDef(def);
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
  });

  it('encodes hand-built objects with repeated and map fields left out', () => {
    const bytesOut = encodeGraphDef({
      node: [{ name: 'x', op: 'Const', attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', intVal: [3] } } } }],
      versions: { producer: 27 },
    });
    const def = decodeGraphDef(bytesOut);
    expect(def).toEqual({
      node: [
        {
          name: 'x',
          op: 'Const',
          input: [],
          attr: {
            dtype: { type: 'DT_INT32' },
            value: {
              tensor: {
                dtype: 'DT_INT32',
                intVal: [3],
                floatVal: [],
                doubleVal: [],
                stringVal: [],
                scomplexVal: [],
                int64Val: [],
                boolVal: [],
                dcomplexVal: [],
                halfVal: [],
                resourceHandleVal: [],
                variantVal: [],
                uint32Val: [],
                uint64Val: [],
              },
            },
          },
        },
      ],
      versions: { producer: 27, badConsumers: [] },
    } satisfies GraphDef);
  });

  it('keeps oneof members that hold their default (i: 0, b: false, s: empty)', () => {
    const def = decodeGraphDef(
      encodeGraphDef({ node: [{ name: 'n', attr: { a: { i: 0 }, b: { b: false }, c: { s: new Uint8Array() } } }] }),
    );
    expect(def.node[0]!.attr).toEqual({ a: { i: 0 }, b: { b: false }, c: { s: new Uint8Array() } });
  });

  it('drops explicitly encoded proto3 defaults, as text and objects do (absent means default)', () => {
    const explicit = bytes(0x22, 2, 0x08, 0x00, ld(0x0a, bytes(ld(0x0a, utf8('')), ld(0x12, utf8('Const'))))); // versions { producer: 0 }, node { name: "" op: "Const" }
    const def = decodeGraphDef(explicit);
    expect(def).toEqual({ node: [{ op: 'Const', input: [], attr: {} }], versions: { badConsumers: [] } });
    expect(encodeGraphDef({ node: [{ name: '', op: 'Const' }], versions: { producer: 0 } })).toEqual(encodeGraphDef(def));
  });

  it('decodes other messages of the schema by name', () => {
    const opList = encodeProto('tensorflow.OpList', { op: [{ name: 'Add', isCommutative: true }] });
    expect(decodeProto('tensorflow.OpList', opList).op[0]).toMatchObject({ name: 'Add', isCommutative: true });
  });
});

describe('int64 beyond 2^53', () => {
  // NodeDef { attr { key: "a" value { i: <varint> } } } inside GraphDef.node.
  const withI = (varint: number[]) => {
    const attrValue = bytes(0x18, varint); // AttrValue.i = 3, wire type 0
    const entry = bytes(ld(0x0a, utf8('a')), ld(0x12, attrValue));
    return ld(0x0a, ld(0x2a, entry)); // GraphDef.node = 1 { NodeDef.attr = 5 { … } }
  };

  it('decodes ±(2^53 - 1) exactly', () => {
    const max = encodeGraphDef({ node: [{ attr: { a: { i: Number.MAX_SAFE_INTEGER } } }] });
    expect(decodeGraphDef(max).node[0]!.attr.a!.i).toBe(Number.MAX_SAFE_INTEGER);
    const min = encodeGraphDef({ node: [{ attr: { a: { i: -Number.MAX_SAFE_INTEGER } } }] });
    expect(decodeGraphDef(min).node[0]!.attr.a!.i).toBe(-Number.MAX_SAFE_INTEGER);
    expect(decodeGraphDef(withI([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).node[0]!.attr.a!.i).toBe(-1);
  });

  it('refuses larger values with InvalidArgumentError instead of rounding them', () => {
    // 2^53 = 0x20000000000000: varint 80 80 80 80 80 80 80 10
    const twoTo53 = withI([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
    expect(() => decodeGraphDef(twoTo53)).toThrow(InvalidArgumentError);
    expect(() => decodeGraphDef(twoTo53)).toThrow(/int64 9007199254740992 is beyond ±\(2\^53 - 1\).*node\[0\]\.attr\["a"\]\.i/);
    // INT64_MIN
    const min = withI([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(() => decodeGraphDef(min)).toThrow(/int64 -9223372036854775808/);
  });

  it('refuses unsafe numbers when encoding', () => {
    expect(() => encodeGraphDef({ node: [{ attr: { a: { i: 2 ** 53 } } }] })).toThrow(InvalidArgumentError);
    expect(() => encodeGraphDef({ node: [{ attr: { a: { i: 2 ** 53 } } }] })).toThrow(
      /node\[0\]\.attr\["a"\]\.i: 9007199254740992 is outside int64's range/,
    );
  });
});

describe('malformed binary input', () => {
  const good = readFixture('tfrust/addition.pb');
  const cases: [string, Uint8Array, RegExp][] = [
    ['truncated', good.subarray(0, good.length - 3), /truncated|exceeds/],
    [
      'an absurd length',
      bytes(0x0a, [0xff, 0xff, 0xff, 0xff, 0x0f], 0x00),
      /length 4294967295 of node exceeds the 1 bytes left \(at node\[0\], byte 1\)/,
    ],
    ['a wrong wire type', bytes(0x0d, 0, 0, 0, 0), /wire type 5 for field node, which has wire type 2/],
    ['field number 0', bytes(0x02, 0x00), /invalid field number/],
    ['a group', bytes(0x4b), /group wire type 3 \(unknown field 9 of GraphDef\)/],
    ['wire type 7', bytes(0x4f), /invalid wire type 7/],
    ['an over-long varint', bytes(0x18, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /varint longer than 10 bytes/],
    ['invalid UTF-8 in a string', ld(0x0a, ld(0x0a, bytes(0xc3, 0x28))), /invalid UTF-8 in a string field \(at node\[0\]\.name, byte 4\)/],
    [
      'an unknown enum value',
      ld(0x0a, ld(0x2a, bytes(ld(0x0a, utf8('T')), ld(0x12, bytes(0x30, 0x7f))))),
      /127 is not a value of enum DataType/,
    ],
    [
      'two members of a oneof',
      ld(0x0a, ld(0x2a, bytes(ld(0x0a, utf8('T')), ld(0x12, bytes(0x30, 1, 0x28, 1))))),
      /type and b are both set/,
    ],
  ];
  it.each(cases)('%s is a DataLossError naming what and where', (_, input, message) => {
    expect(() => decodeGraphDef(input)).toThrow(DataLossError);
    expect(() => decodeGraphDef(input)).toThrow(message);
  });

  it('refuses nesting deeper than 100 (AttrValue → NameAttrList → AttrValue …)', () => {
    // func { attr { key: "a" value { func { … } } } }, built from the inside out.
    let value: Uint8Array = new Uint8Array();
    for (let i = 0; i < 60; i++) {
      const entry = bytes(0x0a, 1, 0x61, 0x12, varintLength(value.length), value);
      const nameAttrList = bytes(0x12, varintLength(entry.length), entry);
      value = bytes(0x52, varintLength(nameAttrList.length), nameAttrList); // AttrValue.func = 10
    }
    const entry = bytes(0x0a, 1, 0x61, 0x12, varintLength(value.length), value);
    const node = bytes(0x2a, varintLength(entry.length), entry);
    const graph = bytes(0x0a, varintLength(node.length), node);
    expect(() => decodeGraphDef(graph)).toThrow(/nested deeper than 100/);
  });

  it('refuses the map key __proto__ with InvalidArgumentError', () => {
    const graph = ld(0x0a, ld(0x2a, bytes(ld(0x0a, utf8('__proto__')), ld(0x12, bytes(0x28, 1)))));
    expect(() => decodeGraphDef(graph)).toThrow(InvalidArgumentError);
    expect(() => decodeGraphDef(graph)).toThrow(/map key "__proto__" is not allowed/);
    expect(() => encodeGraphDef(JSON.parse('{"node":[{"attr":{"__proto__":{"b":true}}}]}'))).toThrow(/"__proto__" is not allowed/);
  });

  it('skips unknown fields, as protobuf does', () => {
    const def = decodeGraphDef(bytes(0x48, 0x05, ld(0x0a, ld(0x0a, utf8('x'))))); // field 9 (unknown) = 5
    expect(def.node.map((n) => n.name)).toEqual(['x']);
  });

  it('refuses objects that are not GraphDefs', () => {
    expect(() => encodeGraphDef({ node: [{ nmae: 'x' } as never] })).toThrow(/node\[0\]\.nmae: tensorflow.NodeDef has no field "nmae"/);
    expect(() => encodeGraphDef({ node: [{ attr: { T: { type: 'DT_FLAOT' as never } } }] })).toThrow(/not a value of enum DataType/);
    expect(() => encodeGraphDef({ node: [{ attr: { T: { type: 'DT_FLOAT', b: true } } }] })).toThrow(/oneof "value"/);
    expect(() => encodeGraphDef({ node: 'x' as never })).toThrow(/node: expected an array/);
    expect(() => decodeGraphDef('x' as never)).toThrow(InvalidArgumentError);
  });
});

/** A one- or two-byte varint of a length (enough for the nesting test's sizes). */
function varintLength(n: number): number[] {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return out;
}
