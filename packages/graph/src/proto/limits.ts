/**
 * Nesting bound for every reader and writer here (binary, text, objects). TensorFlow's schemas
 * recurse (AttrValue → NameAttrList → AttrValue, FullTypeDef, StructuredValue), so without a bound
 * a crafted input could exhaust the stack; protobuf's own C++ parsers stop at the same depth.
 */
export const MAX_DEPTH = 100;

/** Largest magnitude an int64 can have and still be a JavaScript number without rounding. */
export const MAX_SAFE_INT64 = Number.MAX_SAFE_INTEGER;
