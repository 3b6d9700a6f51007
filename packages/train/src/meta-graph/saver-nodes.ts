import { tfDataType, type AttrValue, type DataType, type NodeDef, type ProtoInit } from '@tf/graph/proto';
import type { Saveable } from '../saver/saveables.js';

// The saver subgraph TensorFlow 1.x's `Saver` (V2, not sharded) builds, node for node as
// tf2onnx's TF-written `model.meta` has it, so that TF's `import_meta_graph` + `saver.restore`
// work on a MetaGraph written here. It is written only into the MetaGraphDef: in this project the
// bundle is read and written in JavaScript (there is no string dtype), so the graph itself holds
// only `save/restore_value*` → `save/Assign*` → `save/restore_all` (restore-ops.ts), which this
// replaces.

type Node = ProtoInit<NodeDef>;

const utf8 = new TextEncoder();
const CPU = '/device:CPU:0';

const typeAttr = (type: DataType): ProtoInit<AttrValue> => ({ type });
const boolAttr = (b: boolean): ProtoInit<AttrValue> => ({ b });
const classAttr = (name: string): ProtoInit<AttrValue> => ({ list: { s: [utf8.encode(`loc:@${name}`)] } });

function stringConst(name: string, values: readonly string[] | string, device?: string): Node {
  const scalar = typeof values === 'string';
  const list = scalar ? [values] : values;
  return {
    name,
    op: 'Const',
    ...(device ? { device } : {}),
    attr: {
      dtype: typeAttr('DT_STRING'),
      value: {
        tensor: {
          dtype: 'DT_STRING',
          tensorShape: scalar ? {} : { dim: [{ size: list.length }] },
          stringVal: list.map((s) => utf8.encode(s)),
        },
      },
    },
  };
}

function cast(name: string, input: string, from: DataType, to: DataType, device?: string): Node {
  return {
    name,
    op: 'Cast',
    input: [input],
    ...(device ? { device } : {}),
    attr: { SrcT: typeAttr(from), DstT: typeAttr(to), Truncate: boolAttr(false) },
  };
}

/** The node name of a tensor name (`W:0` → `W`, `RestoreV2:1` stays as TF writes inputs). */
const nodeInput = (tensorName: string): string => (tensorName.endsWith(':0') ? tensorName.slice(0, -2) : tensorName);

/**
 * TF's saver nodes under `scope` for `saveables`: `Const` (the file prefix, fed by TF's session),
 * `SaveV2` with its key and slice constants, `control_dependency`, `RestoreV2`, one `Assign` per
 * variable and `restore_all`. The global step is stored as int64 (TF's dtype for it): a `Cast`
 * on each side converts it.
 */
export function saverNodes(scope: string, saveables: readonly Saveable[]): Node[] {
  const keys = saveables.map((s) => s.key);
  const blanks = keys.map(() => '');
  const stored = saveables.map((s): DataType => (s.isGlobalStep ? 'DT_INT64' : tfDataType(s.ref.dtype)));
  const nodes: Node[] = [stringConst(`${scope}/Const`, 'model')];
  const saveInputs: string[] = [];
  saveables.forEach((s, i) => {
    const name = nodeInput(s.ref.name);
    if (!s.isGlobalStep) return saveInputs.push(name);
    const castName = `${scope}/Cast${i === 0 ? '' : `_${i}`}_save`;
    nodes.push(cast(castName, name, tfDataType(s.ref.dtype), 'DT_INT64'));
    saveInputs.push(castName);
  });
  nodes.push(
    stringConst(`${scope}/SaveV2/tensor_names`, keys),
    stringConst(`${scope}/SaveV2/shape_and_slices`, blanks),
    {
      name: `${scope}/SaveV2`,
      op: 'SaveV2',
      input: [`${scope}/Const`, `${scope}/SaveV2/tensor_names`, `${scope}/SaveV2/shape_and_slices`, ...saveInputs],
      attr: { dtypes: { list: { type: stored } } },
    },
    {
      name: `${scope}/control_dependency`,
      op: 'Identity',
      input: [`${scope}/Const`, `^${scope}/SaveV2`],
      attr: { T: typeAttr('DT_STRING'), _class: classAttr(`${scope}/Const`) },
    },
    stringConst(`${scope}/RestoreV2/tensor_names`, keys, CPU),
    stringConst(`${scope}/RestoreV2/shape_and_slices`, blanks, CPU),
    {
      name: `${scope}/RestoreV2`,
      op: 'RestoreV2',
      input: [`${scope}/Const`, `${scope}/RestoreV2/tensor_names`, `${scope}/RestoreV2/shape_and_slices`],
      device: CPU,
      attr: { dtypes: { list: { type: stored } } },
    },
  );
  const assigns: string[] = [];
  saveables.forEach((s, i) => {
    const variable = nodeInput(s.ref.name);
    let value = i === 0 ? `${scope}/RestoreV2` : `${scope}/RestoreV2:${i}`;
    if (s.isGlobalStep) {
      const castName = `${scope}/Cast${i === 0 ? '' : `_${i}`}_restore`;
      nodes.push(cast(castName, value, 'DT_INT64', tfDataType(s.ref.dtype)));
      value = castName;
    }
    const name = `${scope}/Assign${i === 0 ? '' : `_${i}`}`;
    const validateShape = s.ref.shape !== null && s.ref.shape.every((d) => d !== null);
    nodes.push({
      name,
      op: 'Assign',
      input: [variable, value],
      attr: {
        T: typeAttr(tfDataType(s.ref.dtype)),
        _class: classAttr(variable),
        use_locking: boolAttr(true),
        validate_shape: boolAttr(validateShape),
      },
    });
    assigns.push(`^${name}`);
  });
  nodes.push({ name: `${scope}/restore_all`, op: 'NoOp', input: assigns, attr: {} });
  return nodes;
}
