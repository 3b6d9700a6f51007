import type { Tensor } from '../../tensor.js';
import { createOp } from '../build.js';
import { BroadcastGradientArgs } from './broadcast.js';

/** `[r0, r1]`: the axes to sum for each side of a broadcast of shapes `s0` and `s1`. */
export function broadcastGradientArgsOp(s0: Tensor, s1: Tensor, name = 'BroadcastGradientArgs'): [Tensor, Tensor] {
  const op = createOp(BroadcastGradientArgs, [s0, s1], {}, name);
  return [op.outputs[0]!, op.outputs[1]!];
}
