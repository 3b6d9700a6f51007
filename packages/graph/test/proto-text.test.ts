import { describe, expect, it } from 'vitest';
import { DataLossError, InvalidArgumentError } from '../src/errors.js';
import { formatFloat32, formatFloat64 } from '../src/proto/float-format.js';
import {
  decodeGraphDef,
  encodeGraphDef,
  graphDefToText,
  parseGraphDef,
  parseGraphDefText,
  parseOpListText,
  serializeGraphDef,
} from '../src/proto/graph-def.js';
import { protoToText } from '../src/proto/text.js';
import { BINARY_GRAPHS, readFixture, readFixtureText } from './proto-fixtures.js';

// test_graph_tfadd.pbtxt is hand-aligned (`name  : "x_const"`) with its attrs out of order;
// TensorFlow's printer writes it like this (fields by number, map entries sorted by key).
const TFADD_AS_TF_PRINTS_IT = `${['x_const', 'y_const']
  .map(
    (name, i) => `node {
  name: "${name}"
  op: "Const"
  attr {
    key: "dtype"
    value {
      type: DT_INT32
    }
  }
  attr {
    key: "value"
    value {
      tensor {
        dtype: DT_INT32
        tensor_shape {
          dim {
            size: 1
          }
        }
        int_val: ${i + 1}
      }
    }
  }
}
`,
  )
  .join('')}node {
  name: "x_y_sum"
  op: "Add"
  input: "x_const"
  input: "y_const"
  attr {
    key: "T"
    value {
      type: DT_INT32
    }
  }
}
versions {
  producer: 15
}
`;

describe('text GraphDef', () => {
  it('parses test_graph_tfadd.pbtxt and prints it as TensorFlow does', () => {
    const def = parseGraphDefText(readFixtureText('tf-aot/test_graph_tfadd.pbtxt'));
    expect(def.node.map((n) => [n.name, n.op, n.input])).toEqual([
      ['x_const', 'Const', []],
      ['y_const', 'Const', []],
      ['x_y_sum', 'Add', ['x_const', 'y_const']],
    ]);
    expect(def.node[0]!.attr.value!.tensor).toMatchObject({ dtype: 'DT_INT32', tensorShape: { dim: [{ size: 1 }] }, intVal: [1] });
    expect(def.versions).toEqual({ producer: 15, badConsumers: [] });
    const text = graphDefToText(def);
    expect(text).toBe(TFADD_AS_TF_PRINTS_IT);
    expect(graphDefToText(parseGraphDefText(text))).toBe(text); // TF's own form prints back byte for byte
  });

  it('converts the text GraphDef to binary and back', () => {
    const def = parseGraphDefText(readFixtureText('tf-aot/test_graph_tfadd.pbtxt'));
    const bytes = serializeGraphDef(def);
    expect(decodeGraphDef(bytes)).toEqual(def);
    expect(serializeGraphDef(decodeGraphDef(bytes), { asText: true })).toBe(TFADD_AS_TF_PRINTS_IT);
  });

  it('prints ops-subset.pbtxt (written by TensorFlow) back byte for byte', () => {
    const text = readFixtureText('opdefs/ops-subset.pbtxt');
    const ops = parseOpListText(text);
    expect(ops.op).toHaveLength(81);
    const add = ops.op.find((op) => op.name === 'AddN')!;
    expect(add.inputArg[0]).toMatchObject({ name: 'inputs', typeAttr: 'T', numberAttr: 'N' });
    expect(add.attr[0]).toMatchObject({ name: 'N', type: 'int', hasMinimum: true, minimum: 1 });
    expect(add.isAggregate).toBe(true);
    const body = text.slice(text.indexOf('\n') + 1); // after the provenance comment
    expect(protoToText('tensorflow.OpList', ops)).toBe(body);
  });

  it.each(BINARY_GRAPHS)('%s goes binary → text → object unchanged', (name) => {
    const def = decodeGraphDef(readFixture(name));
    const text = graphDefToText(def);
    expect(parseGraphDefText(text)).toEqual(def);
    expect(graphDefToText(parseGraphDefText(text))).toBe(text);
  });

  it('reads every form the text format allows', () => {
    const def = parseGraphDefText(`
      # a comment
      node < name: 'a' op: "Const" input: ["x", 'y'] ; device: "/cpu:0", >
      node: {
        name: "b" "_c"   # adjacent strings concatenate
        attr [{ key: "f" value { f: -1.5e-3f } }, { key: 'i', value: { i: 0x10 } }]
        attr { key: "l" value { list { i: [1, -2, 010] b: [true, f, 1] type: [DT_FLOAT, 3] } } }
        attr { key: "s" value { s: "\\303\\251\\x41\\n\\"\\u00e9" } }
        attr { key: "inf" value { list { f: [inf, -Infinity, nan, 1] } } }
      }
    `);
    expect(def.node[0]).toEqual({ name: 'a', op: 'Const', input: ['x', 'y'], device: '/cpu:0', attr: {} });
    const b = def.node[1]!;
    expect(b.name).toBe('b_c');
    expect(b.attr.f!.f).toBe(Math.fround(-1.5e-3));
    expect(b.attr.i!.i).toBe(16);
    expect(b.attr.l!.list).toMatchObject({ i: [1, -2, 8], b: [true, false, true], type: ['DT_FLOAT', 'DT_INT32'] });
    expect(new TextDecoder().decode(b.attr.s!.s)).toBe('éA\n"é');
    expect(b.attr.inf!.list!.f).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1]);
  });

  it('writes strings C-escaped, bytes byte by byte, floats as TensorFlow prints them', () => {
    const text = graphDefToText({
      node: [
        {
          name: 'é"\n\\\'',
          attr: { s: { s: new Uint8Array([0, 7, 65, 255]) }, f: { list: { f: [0.1, 1, 1e-5, 3.4028234663852886e38, -0] } } },
        },
      ],
    });
    expect(text).toContain('name: "\\303\\251\\"\\n\\\\\\\'"');
    expect(text).toContain('s: "\\000\\007A\\377"');
    expect(text).toContain('f: 0.1\n');
    expect(text).toContain('f: 1\n');
    expect(text).toContain('f: 1e-05\n');
    expect(text).toContain('f: 3.40282347e+38\n');
    expect(text).toContain('f: -0\n');
  });

  it('formats floats like SimpleFtoa / SimpleDtoa', () => {
    expect(
      [0.1, 0.5, 100, 1e6, 1234567, 1e-4, 1e-5, 2 ** -149, Number.NaN, Number.NEGATIVE_INFINITY].map((v) => formatFloat32(Math.fround(v))),
    ).toEqual(['0.1', '0.5', '100', '1e+06', '1234567', '0.0001', '1e-05', '1.4013e-45', 'nan', '-inf']);
    expect([0.1, 1 / 3, 1e21, 5e-324].map(formatFloat64)).toEqual(['0.1', '0.33333333333333331', '1e+21', '4.94065645841247e-324']);
  });

  const errors: [string, string, RegExp][] = [
    ['an unknown field', 'node { name: "a" nmae: "b" }', /1:18: Message type "tensorflow.NodeDef" has no field named "nmae"/],
    ['a repeated non-repeated field', 'node { name: "a"\n name: "b" }', /2:2: Non-repeated field "name" is specified multiple times/],
    [
      'two oneof members',
      'node { attr { key: "a" value { i: 1 f: 2 } } }',
      /Field "f" is specified along with field "i", another member of oneof "value"/,
    ],
    ['a missing colon', 'node { name "a" }', /1:13: Expected ":", found "a"/],
    ['an unterminated string', 'node { name: "a\n" }', /1:14: Unterminated string literal/],
    ['an unknown enum', 'node { attr { key: "T" value { type: DT_FLAOT } } }', /Unknown enumeration value of "DT_FLAOT" for field "type"/],
    ['an int32 out of range', 'versions { producer: 2147483648 }', /Integer out of range/],
    ['an unclosed message', 'node { name: "a"', /Expected "}", found end of input/],
    ['a stray closer', 'node { } }', /1:10: Expected identifier, found "}"/],
    ['a bad escape', 'node { name: "\\q" }', /unknown escape \\q/],
    ['invalid UTF-8 in a string', 'node { name: "\\377" }', /contains invalid UTF-8/],
    ['an Any expansion', 'node { [type.googleapis.com/x] {} }', /not supported/],
    ['a list for a singular field', 'node { name: ["a"] }', /not repeated/],
  ];
  it.each(errors)('%s is a DataLossError with line:column', (_, text, message) => {
    expect(() => parseGraphDefText(text)).toThrow(DataLossError);
    expect(() => parseGraphDefText(text)).toThrow(message);
  });

  it('refuses int64 beyond 2^53, map key __proto__ and deep nesting', () => {
    expect(() => parseGraphDefText('node { attr { key: "a" value { i: 9007199254740992 } } }')).toThrow(InvalidArgumentError);
    expect(() => parseGraphDefText('node { attr { key: "a" value { i: 9007199254740992 } } }')).toThrow(/1:35: int64 9007199254740992/);
    expect(parseGraphDefText('node { attr { key: "a" value { i: -9007199254740991 } } }').node[0]!.attr.a!.i).toBe(-9007199254740991);
    expect(() => parseGraphDefText('node { attr { key: "__proto__" value { b: true } } }')).toThrow(
      /the map key "__proto__" is not allowed/,
    );
    const deep = `node { attr { key: "a" value { ${'func { attr { key: "a" value { '.repeat(60)}${'} } } '.repeat(60)}} } }`;
    expect(() => parseGraphDefText(deep)).toThrow(/nested deeper than 100/);
  });
});

describe('parseGraphDef / serializeGraphDef', () => {
  const text = readFixtureText('tf-aot/test_graph_tfadd.pbtxt');
  const expected = parseGraphDefText(text);

  it('takes text, binary, text in bytes, or an object', () => {
    expect(parseGraphDef(text)).toEqual(expected);
    expect(parseGraphDef(encodeGraphDef(expected))).toEqual(expected);
    expect(parseGraphDef(new TextEncoder().encode(text))).toEqual(expected);
    expect(parseGraphDef(Buffer.from(text))).toEqual(expected);
    const copy = parseGraphDef(expected);
    expect(copy).toEqual(expected);
    expect(copy).not.toBe(expected);
    expect(copy.node[0]).not.toBe(expected.node[0]);
  });

  it('reports the error of the form the bytes look like', () => {
    expect(() => parseGraphDef(new TextEncoder().encode('node { nmae: "x" }'))).toThrow(/as text proto: 1:8: .*no field named "nmae"/);
    expect(() => parseGraphDef(new Uint8Array([0x0a, 0x05, 0x0a]))).toThrow(/as binary proto/);
    expect(() => parseGraphDef({ node: [{ name: 1 as never }] })).toThrow(/Invalid GraphDef: node\[0\]\.name: expected a string/);
    expect(() => parseGraphDef(new Float32Array(2) as never)).toThrow(InvalidArgumentError);
  });

  it('serializes as binary by default and as text on request', () => {
    expect(serializeGraphDef(expected)).toBeInstanceOf(Uint8Array);
    expect(serializeGraphDef(expected, { asText: true })).toBe(TFADD_AS_TF_PRINTS_IT);
  });
});
