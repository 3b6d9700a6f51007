// Saves checkpoints in a loop until killed: the child process of crash.test.ts. Every variable of
// checkpoint `model-<s>` holds the value s, so a restore shows whether a checkpoint is complete.
// Runs the built packages (dist), as a user's program would.
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { latestCheckpoint, readCheckpointState, Saver } from '@tf/train';
import { nodeFileStore } from '@tf/train/node';

const dir = process.argv[2];
const store = nodeFileStore();
const graph = new tf.Graph();
const { vars, value, setAll } = graph.asDefault(() => {
  const value = tf.placeholder('float32', [], 'value');
  const vars = [tf.Variable(tf.zeros([256, 256]), { name: 'W' }), tf.Variable(tf.zeros([256]), { name: 'b' }), tf.Variable(tf.zeros([3, 7]), { name: 'c' })];
  const setAll = tf.group(vars.map((v) => tf.assign(v, tf.fill(v.shape, value))));
  return { vars, value, setAll };
});
const sess = new Session({ graph });
sess.run(graph.asDefault(() => tf.globalVariablesInitializer()));
const saver = graph.asDefault(() => new Saver({ store, maxToKeep: 1 }));
let step = 0;
const latest = await latestCheckpoint(dir, store);
if (latest !== undefined) {
  await saver.restore(sess, latest);
  step = sess.run(vars[0]).data[0];
  await saver.recoverLastCheckpoints((await readCheckpointState(store, dir)).allModelCheckpointPaths);
}
process.stdout.write('ready\n');
for (;;) {
  step += 1;
  sess.run(setAll, [[value, step]]);
  await saver.save(sess, `${dir}/model`, { globalStep: step });
  process.stdout.write(`saved ${step}\n`);
}
