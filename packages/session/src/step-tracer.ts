import type { DType } from '@tf/graph';
import type { InputSource, Plan, PlanStep } from './planner/index.js';
import type { DeviceStepStats, NodeExecStats, StepStats } from './run-metadata.js';

/**
 * Collects one `NodeExecStats` per executed step of a traced run. The executor only creates one
 * when tracing is asked for, so an untraced run makes no clock calls at all.
 */
export class StepTracer {
  private readonly byDevice = new Map<string, NodeExecStats[]>();

  constructor(private readonly plan: Plan) {}

  /** A clock reading, in milliseconds since the time origin. */
  now(): number {
    return performance.now();
  }

  /** Records a step that started at `start`, ran its kernel from `opStart` to `opEnd`, and ended now. */
  record(
    step: PlanStep,
    device: string,
    times: { readonly start: number; readonly opStart: number; readonly opEnd: number },
    outputs: readonly { readonly dtype: DType; readonly shape: readonly number[] }[],
  ): void {
    const end = performance.now();
    const micros = (ms: number) => ms * 1000;
    const stats: NodeExecStats = {
      nodeName: step.op.name,
      op: step.type,
      timelineLabel: `${step.op.name} = ${step.type}(${step.inputs.map((s) => this.nameOf(s)).join(', ')})`,
      allStartMicros: micros(performance.timeOrigin + times.start),
      opStartRelMicros: micros(times.opStart - times.start),
      opEndRelMicros: micros(times.opEnd - times.start),
      allEndRelMicros: micros(end - times.start),
      outputs: outputs.map(({ dtype, shape }) => ({ dtype, shape: [...shape] })),
      outputShapes: outputs.map(({ shape }) => [...shape]),
    };
    const list = this.byDevice.get(device);
    if (list) list.push(stats);
    else this.byDevice.set(device, [stats]);
  }

  /** The stats collected, one entry per device in the order devices first ran a step. */
  stepStats(): StepStats {
    const devStats: DeviceStepStats[] = [...this.byDevice].map(([device, nodeStats]) => ({ device, nodeStats }));
    return { devStats };
  }

  private nameOf(source: InputSource): string {
    const tensor = source.kind === 'feed' ? this.plan.feeds[source.index]! : this.plan.steps[source.step]!.op.outputs[source.output]!;
    // TF's labels name an op's first output by the op alone.
    return tensor.valueIndex === 0 ? tensor.op.name : tensor.name;
  }
}
