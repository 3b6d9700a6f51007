import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { convertAll, graphOf, type TensorLike } from '../build.js';
import { matmul } from '../math/matmul.js';
import { reduceSum } from '../math/reduce.js';
import { dimsOf, permute, productOf, reshapeTo } from './contraction.js';

/**
 * `tf.einsum(equation, ...inputs)` for one or two operands: `'ij,jk->ik'` (matmul),
 * `'bij,bjk->bik'` (batch matmul), `'i,j->ij'` (outer product), `'ij->ji'` (transpose),
 * `'ij->i'` (sums), `'ijk,jkl->il'` (multi-index contractions). Without `->` the output is the
 * indices that occur once, in alphabetical order (NumPy's rule).
 *
 * Composite, as TF 1.x's Python `einsum`: indices only one operand has and the output lacks are
 * summed first; then each operand is transposed to (batch, free, contracted) and reshaped to a
 * (batch of) matrices for one `MatMul`/`BatchMatMulV2`, whose result is reshaped and transposed
 * into the output order. Not supported (ValueError): ellipses, an index repeated within one
 * operand (traces, diagonals), more than two operands, broadcasting an index of size 1.
 */
export function einsum(equation: string, ...inputs: TensorLike[]): Tensor {
  const tensors = convertAll(inputs, graphOf(inputs));
  if (tensors.length < 1 || tensors.length > 2) {
    throw new ValueError(`einsum supports one or two operands, got ${tensors.length} for '${equation}'`);
  }
  const { terms, output } = parseEquation(equation, tensors);
  return tensors[0]!.graph.nameScope('einsum', (scope) => {
    if (tensors.length === 1) return unaryEinsum(tensors[0]!, terms[0]!, output);
    return binaryEinsum(tensors[0]!, terms[0]!, tensors[1]!, terms[1]!, output, scope);
  });
}

/** Sums the indices of `term` missing from `keep`; returns the reduced tensor and its indices. */
function sumOut(x: Tensor, term: string, keep: (index: string) => boolean): [Tensor, string] {
  const summed = [...term].flatMap((c, i) => (keep(c) ? [] : [i]));
  if (summed.length === 0) return [x, term];
  return [reduceSum(x, summed), [...term].filter((c) => keep(c)).join('')];
}

function unaryEinsum(x: Tensor, term: string, output: string): Tensor {
  const [reduced, rest] = sumOut(x, term, (c) => output.includes(c));
  return permute(
    reduced,
    [...output].map((c) => rest.indexOf(c)),
  );
}

function binaryEinsum(a: Tensor, aTerm: string, b: Tensor, bTerm: string, output: string, scope: string): Tensor {
  const [x, xTerm] = sumOut(a, aTerm, (c) => output.includes(c) || bTerm.includes(c));
  const [y, yTerm] = sumOut(b, bTerm, (c) => output.includes(c) || aTerm.includes(c));
  const inOutput = (c: string) => output.includes(c);
  const byOutput = (s: string) => [...s].sort((p, q) => output.indexOf(p) - output.indexOf(q));
  const batch = byOutput([...xTerm].filter((c) => yTerm.includes(c) && inOutput(c)).join(''));
  const contracted = [...xTerm].filter((c) => yTerm.includes(c) && !inOutput(c));
  const xFree = byOutput([...xTerm].filter((c) => !yTerm.includes(c)).join(''));
  const yFree = byOutput([...yTerm].filter((c) => !xTerm.includes(c)).join(''));
  const axesIn = (term: string, indices: readonly string[]) => indices.map((c) => term.indexOf(c));
  const [xb, xf, xc] = [axesIn(xTerm, batch), axesIn(xTerm, xFree), axesIn(xTerm, contracted)];
  const [yb, yc, yf] = [axesIn(yTerm, batch), axesIn(yTerm, contracted), axesIn(yTerm, yFree)];
  const batchDims = dimsOf(x, xb);
  const xMatrix = reshapeTo(permute(x, [...xb, ...xf, ...xc]), [batchDims, productOf(dimsOf(x, xf)), productOf(dimsOf(x, xc))]);
  const yMatrix = reshapeTo(permute(y, [...yb, ...yc, ...yf]), [batchDims, productOf(dimsOf(y, yc)), productOf(dimsOf(y, yf))]);
  const order = [...batch, ...xFree, ...yFree];
  const perm = [...output].map((c) => order.indexOf(c));
  const identity = perm.every((p, i) => p === i);
  const product = reshapeTo(matmul(xMatrix, yMatrix), [batchDims, dimsOf(x, xf), dimsOf(y, yf)], identity ? scope : undefined);
  return permute(product, perm);
}

/** Validates `equation` against the operands; returns each operand's indices and the output's. */
function parseEquation(equation: string, tensors: readonly Tensor[]): { terms: string[]; output: string } {
  const text = equation.replace(/\s+/g, '');
  const fail = (message: string): never => {
    throw new ValueError(`einsum '${equation}': ${message}`);
  };
  if (text.includes('.')) fail('ellipses (...) are not supported');
  const sides = text.split('->');
  if (sides.length > 2) fail("more than one '->'");
  const terms = sides[0]!.split(',');
  if (terms.length !== tensors.length) fail(`${terms.length} operand terms for ${tensors.length} inputs`);
  const sizes = new Map<string, number>();
  terms.forEach((term, k) => {
    if (!/^[a-zA-Z]*$/.test(term)) fail(`indices must be letters, got '${term}'`);
    const shape = tensors[k]!.shape;
    if (shape === null) fail(`operand ${k} needs a known rank`);
    if (shape!.length !== term.length) fail(`operand ${k} has rank ${shape!.length} but its term '${term}' has ${term.length} indices`);
    [...term].forEach((c, i) => {
      if (term.indexOf(c) !== i) fail(`index '${c}' repeats in operand ${k} (traces and diagonals are not supported)`);
      const d = shape![i]!;
      if (d === null) return;
      const seen = sizes.get(c);
      if (seen !== undefined && seen !== d) fail(`index '${c}' has size ${seen} in one operand and ${d} in another`);
      sizes.set(c, d);
    });
  });
  const all = terms.join('');
  let output: string;
  if (sides.length === 2) {
    output = sides[1]!;
    if (!/^[a-zA-Z]*$/.test(output)) fail(`output indices must be letters, got '${output}'`);
    [...output].forEach((c, i) => {
      if (output.indexOf(c) !== i) fail(`index '${c}' repeats in the output`);
      if (!all.includes(c)) fail(`output index '${c}' appears in no operand`);
    });
  } else {
    output = [...new Set(all)]
      .filter((c) => all.indexOf(c) === all.lastIndexOf(c))
      .sort()
      .join('');
  }
  return { terms, output };
}
