import * as tf from '@tf/graph';
import { defineCases, t } from '../case.js';

/** NoOp has no outputs: the case fetches an Identity that has the NoOp as a control input. */
export default defineCases({
  op: 'NoOp',
  build: ({ x }) => {
    const graph = x.graph;
    return graph.controlDependencies([tf.noOp()], () => tf.identity(x));
  },
  cases: [{ name: 'runs as a control dependency', inputs: { x: t([1, 2]) }, expected: t([1, 2]) }],
});
