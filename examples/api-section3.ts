// docs/api.md §3, "Session.run": fetches, feeds and results, one statement per rule of that section.
// packages/session/test/examples.test.ts runs it and checks what it prints.
import * as tf from '@tf/graph';
import { type NDArray, Session } from '@tf/session';

export async function main(): Promise<void> {
  const x = tf.placeholder('float32', [null, 2], 'x');
  const W = tf.Variable(
    [
      [1, 0],
      [0, 2],
    ],
    { name: 'W' },
  );
  const y = tf.matmul(x, W); // op 'MatMul', tensor 'MatMul:0'
  const total = tf.reduceSum(y, undefined, false, 'total');
  const steps = tf.Variable(0, { name: 'steps', dtype: 'int32', trainable: false });
  const trainStep = steps.assignAdd(1).op;
  const init = tf.globalVariablesInitializer();

  const sess = new Session();
  // An Operation (or an op name) is run as a target and fetches undefined.
  console.log(sess.run(init)); // undefined
  console.log(sess.run('init')); // undefined

  // feedDict: an array of [key, value] pairs, a Map, or an object keyed by tensor names.
  const feed: tf.FeedDict = [
    [
      x,
      [
        [1, 1],
        [2, 3],
      ],
    ],
  ];
  console.log(sess.run(total, feed).toString()); // 11.0
  console.log(sess.run(total, new Map([[x, [[1, 1]]]])).item()); // 3
  console.log(sess.run(total, { 'x:0': new Float32Array([4, 5]) }).item()); // 14

  // Fetches: a Tensor, an Operation, a name, or nested arrays and objects of those; the result has
  // the same structure (`[NDArray, NDArray]`, `{ loss: NDArray; trainStep: undefined }`).
  const [yValue, totalValue] = sess.run([y, total], feed);
  console.log(yValue.toString()); // [[1. 2.]\n [2. 6.]]
  console.log(totalValue.item()); // 11
  const { loss, step } = sess.run({ loss: total, step: trainStep }, feed);
  console.log(loss.item(), step); // 11 undefined
  const nested = sess.run({ byName: ['MatMul:0', 'total:0'], steps }, feed);
  console.log((nested.byName[1] as NDArray).item(), nested.steps.item()); // 11 1

  // Each fetched tensor is computed once per run: a random op fetched twice gives one sample.
  const noise = tf.randomUniform([3]);
  const [n1, n2] = sess.run([noise, noise]);
  console.log(n1.toString() === n2.toString()); // true

  // Any tensor may be fed, not only placeholders: feeding y leaves x unneeded.
  console.log(sess.run(total, [[y, [[10, 20]]]]).item()); // 30

  // Values are checked against the key's dtype and static shape.
  try {
    sess.run(total, [[x, [1, 2, 3]]]);
  } catch (error) {
    console.log((error as Error).message); // Cannot feed value of shape (3,) for Tensor 'x:0', which has shape '(?, 2)'
  }

  // Results are NDArrays: { dtype, shape, data } plus item(), toArray(), slice() and toString().
  const result = sess.run(y, [
    [
      x,
      [
        [1, 1],
        [2, 3],
        [0, 1],
      ],
    ],
  ]);
  console.log(result.dtype, JSON.stringify(result.shape), Array.from(result.data).join(',')); // float32 [3,2] 1,2,2,6,0,2
  console.log(JSON.stringify(result.toArray())); // [[1,2],[2,6],[0,2]]
  console.log(result.slice(1, 2).toString()); // [[2. 6.]]

  // runAsync works on every device; on the CPU, run is synchronous.
  const [asyncTotal] = await sess.runAsync([total], feed);
  console.log(asyncTotal.item()); // 11
  sess.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
