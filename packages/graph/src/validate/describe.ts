// How the validation layer names a user's value in its messages, the way TF's Python messages do
// (`repr(v)` and `type(v).__name__`): `2.5` of type 'float', `'hello'` of type 'str', `None`.
// Total and bounded: any value (cyclic, huge, a throwing getter or toString) gives a short string.

const MAX_ITEMS = 6;
const MAX_TEXT = 60;

/** Python's `type(v).__name__` for a JS value: `int`/`float` by value, `list`, `dict`, `NoneType`. */
export function pyTypeName(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
    case 'undefined':
      return 'NoneType';
    case 'function':
      return 'function';
    case 'symbol':
      return 'symbol';
  }
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  try {
    const proto = Object.getPrototypeOf(value);
    if (proto === null || proto === Object.prototype) return 'dict';
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'object';
  } catch {
    return 'object';
  }
}

/** Python's `repr(v)`, shortened: `2.5`, `nan`, `'hello'`, `None`, `True`, `[1, 2, ...]`, `{'axis': 1}`. */
export function repr(value: unknown): string {
  return clip(reprAt(value, 0));
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 3)}...` : text;
}

function reprNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

function reprAt(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'number':
      return reprNumber(value);
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'string':
      return `'${value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}...` : value}'`;
    case 'undefined':
      return 'None';
    case 'symbol':
      return safe(() => value.toString(), 'Symbol()');
    case 'function':
      return `<function ${safe(() => String(value.name || 'anonymous'), 'anonymous')}>`;
  }
  if (value === null) return 'None';
  if (depth >= 2) return Array.isArray(value) ? '[...]' : '{...}';
  try {
    if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
      const list = value as ArrayLike<unknown>;
      const n = list.length;
      const items: string[] = [];
      for (let i = 0; i < Math.min(n, MAX_ITEMS); i++) items.push(reprAt(list[i], depth + 1));
      if (n > MAX_ITEMS) items.push('...');
      const body = `[${items.join(', ')}]`;
      return Array.isArray(value) ? body : `${pyTypeName(value)}(${body})`;
    }
    if (pyTypeName(value) === 'dict') {
      const keys = Object.keys(value as object);
      const items = keys.slice(0, MAX_ITEMS).map((k) => `'${k}': ${reprAt((value as Record<string, unknown>)[k], depth + 1)}`);
      if (keys.length > MAX_ITEMS) items.push('...');
      return `{${items.join(', ')}}`;
    }
    const text = String(value);
    return text.startsWith('[object ') ? `<${pyTypeName(value)} object>` : text;
  } catch {
    return `<${pyTypeName(value)} object>`;
  }
}

function safe(fn: () => string, fallback: string): string {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
