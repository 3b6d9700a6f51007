import { InternalError, UnimplementedError } from '@tf/graph';
import { inPlaceProgram, packScalars, stateInOutput } from './shared/in-place.js';
import type { NesterovAttrs } from '@tf/graph/backend';
import type { GpuCall, GpuContext, GpuKernel, KernelTable } from './shared/types.js';
import { input, output } from './shared/util.js';

// TF's dense training ops (`training_ops.cc`), as the CPU kernels compute them, in float32: `var`
// (output 0, the variable's own buffer) and the slots (accum, m, v, …: their own buffers, passed
// as inputs) are updated in place; hyperparameters are 0-d inputs, packed into one buffer.

interface TrainingSpec {
  /** Input indices updated in place, after var (input 0), with their WGSL names. */
  readonly slots: readonly (readonly [number, string])[];
  /** 0-d inputs, in the order the body reads them as `scalars[k]`. */
  readonly scalars: readonly number[];
  /** The gradient input. */
  readonly grad: number;
  /** WGSL for element `i`; `nesterov` is the op's `useNesterov` attr where it has one. */
  readonly body: (nesterov: boolean) => string;
}

/** The kernel of one training op: every one has `useLocking`; ApplyMomentum and ApplyAdam also `useNesterov`. */
function trainingKernel(spec: TrainingSpec): GpuKernel<Partial<NesterovAttrs>> {
  return (call: GpuCall<Partial<NesterovAttrs>>, gpu: GpuContext) => {
    const out = output(call, 0);
    if (out.dtype !== 'float32') {
      throw new UnimplementedError(
        `${call.type} '${call.name}': the WebGPU kernel updates float32 variables only, got ${out.dtype}`,
        call.name,
      );
    }
    const variable = stateInOutput(call, gpu, 0, out);
    const grad = input(call, spec.grad);
    const size = variable.storage.size;
    for (const t of [grad, ...spec.slots.map(([i]) => input(call, i))]) {
      if (t.storage.size !== size) {
        throw new InternalError(`${call.type} '${call.name}': var has ${size} elements, an operand ${t.storage.size}`, call.name);
      }
    }
    const nesterov = call.attrs.useNesterov === true;
    const scalars = packScalars(
      call,
      gpu,
      spec.scalars.map((i) => input(call, i)),
    );
    gpu.run(
      inPlaceProgram({
        name: 'Training',
        key: `${call.type}:${nesterov ? 'nesterov' : ''}`,
        state: [['v', variable], ...spec.slots.map(([i, name]) => [name, input(call, i)] as const)],
        operands: [['grad', grad]],
        scalars: { storage: scalars, dtype: 'float32', shape: [spec.scalars.length] },
        size,
        body: spec.body(nesterov),
      }),
    );
    gpu.release(scalars);
  };
}

/** The RMSProp family's scalars (lr, rho, momentum, epsilon) and the element's gradient `g`. */
const RMS_PROP_INPUTS = `  let lr = scalars[0];
  let rho = scalars[1];
  let momentum = scalars[2];
  let epsilon = scalars[3];
  let g = grad[i];`;

/** The RMSProp family's momentum step: mom = mom·momentum + lr·g / √denominator; var -= mom. */
function rmsPropStep(denominator: string): string {
  return `  let mom_new = mom[i] * momentum + (g * lr) / sqrt(${denominator});
  mom[i] = mom_new;
  v[i] = v[i] - mom_new;`;
}

export const trainingKernels = {
  // var -= alpha · delta
  ApplyGradientDescent: trainingKernel({
    slots: [],
    scalars: [1],
    grad: 2,
    body: () => '  v[i] = v[i] - scalars[0] * grad[i];',
  }),
  // accum = accum·momentum + g; var -= lr·accum (Nesterov: var -= g·lr + accum·momentum·lr)
  ApplyMomentum: trainingKernel({
    slots: [[1, 'accum']],
    scalars: [2, 4],
    grad: 3,
    body: (nesterov) => `  let lr = scalars[0];
  let momentum = scalars[1];
  let g = grad[i];
  let a = accum[i] * momentum + g;
  accum[i] = a;
  v[i] = v[i] - ${nesterov ? '(g * lr + a * momentum * lr)' : 'lr * a'};`,
  }),
  // TF 1.x Adam: bias correction folded into the step size, ε added to √v.
  ApplyAdam: trainingKernel({
    slots: [
      [1, 'm'],
      [2, 's'],
    ],
    scalars: [3, 4, 5, 6, 7, 8],
    grad: 9,
    body: (nesterov) => `  let beta1_power = scalars[0];
  let beta2_power = scalars[1];
  let lr = scalars[2];
  let beta1 = scalars[3];
  let beta2 = scalars[4];
  let epsilon = scalars[5];
  let alpha = lr * sqrt(1.0 - beta2_power) / (1.0 - beta1_power);
  let g = grad[i];
  let m_new = m[i] + (g - m[i]) * (1.0 - beta1);
  let s_new = s[i] + (g * g - s[i]) * (1.0 - beta2);
  m[i] = m_new;
  s[i] = s_new;
  let step = ${nesterov ? 'g * (1.0 - beta1) + beta1 * m_new' : 'm_new'};
  v[i] = v[i] - step * alpha / (sqrt(s_new) + epsilon);`,
  }),
  // ms += (g² - ms)(1 - rho); mom = mom·momentum + lr·g / √(ms + ε); var -= mom
  ApplyRMSProp: trainingKernel({
    slots: [
      [1, 'ms'],
      [2, 'mom'],
    ],
    scalars: [3, 4, 5, 6],
    grad: 7,
    body: () => `${RMS_PROP_INPUTS}
  let ms_new = ms[i] + (g * g - ms[i]) * (1.0 - rho);
  ms[i] = ms_new;
${rmsPropStep('ms_new + epsilon')}`,
  }),
  // Centred RMSProp: also mg += (g - mg)(1 - rho), and the denominator is √(ms + ε - mg²).
  ApplyCenteredRMSProp: trainingKernel({
    slots: [
      [1, 'mg'],
      [2, 'ms'],
      [3, 'mom'],
    ],
    scalars: [4, 5, 6, 7],
    grad: 8,
    body: () => `${RMS_PROP_INPUTS}
  let ms_new = ms[i] + (g * g - ms[i]) * (1.0 - rho);
  let mg_new = mg[i] + (g - mg[i]) * (1.0 - rho);
  ms[i] = ms_new;
  mg[i] = mg_new;
${rmsPropStep('ms_new + epsilon - mg_new * mg_new')}`,
  }),
  // accum += g²; var -= lr·g / √accum
  ApplyAdagrad: trainingKernel({
    slots: [[1, 'accum']],
    scalars: [2],
    grad: 3,
    body: () => `  let g = grad[i];
  let a = accum[i] + g * g;
  accum[i] = a;
  v[i] = v[i] - (g * scalars[0]) / sqrt(a);`,
  }),
} satisfies KernelTable;
