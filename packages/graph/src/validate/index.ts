// The validation layer: every value a user hands the API is checked here, the way TF's
// `op_def_library` and `convert_to_tensor` check it, with TF's error classes and messages.
// Where each check runs (docs/reliability.md):
// - `Graph.createOp` (every op, from any builder or an import): the op name (names.ts) and the
//   attrs against the op's TF attr kinds (attrs.ts);
// - `NDArray` (constructor, `from`) and so `constant`, `convertToTensor` and every builder's value
//   arguments: values, dtypes, shapes and sizes (values.ts, args.ts, limits.ts);
// - `nameScope`, `placeholder` shapes, builders' dtype and options arguments (args.ts, names.ts);
// - the session's feeds, fetch structures and options (`@tf/session`, through `@tf/graph/backend`).
export { pyTypeName, repr } from './describe.js';
export {
  DEFAULT_MAX_ELEMENTS_PER_TENSOR,
  MAX_DIM,
  MAX_ELEMENTS_PER_TENSOR,
  MAX_OUTPUTS_PER_OP,
  MAX_RANK,
  checkAllocation,
  checkOutputCount,
  elementCount,
} from './limits.js';
export {
  VALID_OP_NAME,
  VALID_ROOT_SCOPE_NAME,
  VALID_SCOPE_NAME,
  checkNameType,
  checkOpName,
  checkScopeName,
} from './names.js';
export {
  checkOptions,
  makeBool,
  makeDType,
  makeFloat,
  makeInt,
  makePartialShape,
  makeShape,
  makeString,
} from './args.js';
export { convertValue, convertView, isTypedArray, type ConvertMode, type ConvertOptions, type HostValue } from './values.js';
export { checkAttrs } from './attrs.js';
