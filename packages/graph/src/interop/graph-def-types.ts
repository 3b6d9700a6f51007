// The shape of a decoded GraphDef as import reads it: protobufjs's `toObject` conventions (enums
// as TF's names, int64 as numbers, bytes as Uint8Array, camelCase fields, defaults omitted).
// Structural and partial on purpose: the generated interfaces of `../proto/` are assignable to
// these, and tests can write GraphDefs by hand with only the fields that matter.

export interface TensorShapeLike {
  readonly dim?: readonly { readonly size?: number | string; readonly name?: string }[];
  readonly unknownRank?: boolean;
}

export interface TensorProtoLike {
  readonly dtype?: string;
  readonly tensorShape?: TensorShapeLike;
  readonly tensorContent?: Uint8Array;
  readonly halfVal?: readonly number[];
  readonly floatVal?: readonly number[];
  readonly doubleVal?: readonly number[];
  readonly intVal?: readonly number[];
  readonly int64Val?: readonly (number | string)[];
  readonly boolVal?: readonly boolean[];
  readonly stringVal?: readonly Uint8Array[];
}

export interface AttrListLike {
  readonly s?: readonly Uint8Array[];
  readonly i?: readonly (number | string)[];
  readonly f?: readonly number[];
  readonly b?: readonly boolean[];
  readonly type?: readonly string[];
  readonly shape?: readonly TensorShapeLike[];
  readonly tensor?: readonly TensorProtoLike[];
}

/** One `AttrValue`: exactly one of these fields is set. */
export interface AttrValueLike {
  readonly s?: Uint8Array | string;
  readonly i?: number | string;
  readonly f?: number;
  readonly b?: boolean;
  readonly type?: string;
  readonly shape?: TensorShapeLike;
  readonly tensor?: TensorProtoLike;
  readonly list?: AttrListLike;
  readonly func?: unknown;
  readonly placeholder?: string;
}

export interface NodeDefLike {
  readonly name?: string;
  readonly op?: string;
  readonly input?: readonly string[];
  readonly device?: string;
  readonly attr?: { readonly [name: string]: AttrValueLike };
}

export interface GraphDefLike {
  readonly node?: readonly NodeDefLike[];
  readonly versions?: { readonly producer?: number; readonly minConsumer?: number };
  readonly library?: unknown;
}
