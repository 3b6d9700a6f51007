// docs/api.md §1: the MNIST MLP that motivated the project, ported line for line from TF 1.x and kept
// exactly as the contract writes it. examples/test/mnist-mlp.test.ts runs this file; `pnpm start`
// trains the same model through the `tf` CLI.
import * as tf from '@tf/graph';
import { InteractiveSession } from '@tf/session';
import { GradientDescentOptimizer } from '@tf/train';
import { mnist, shuffle } from '@tf/datasets';

const { train, valid, test } = await mnist.load(); // real MNIST digits shipped offline by default; { dir } reads the IDX files

const x = tf.placeholder('float32', [null, 784], 'x');
const t = tf.placeholder('float32', [null, 10], 't');

const W1 = tf.Variable(tf.truncatedNormal([784, 256], { stddev: 0.05 }), { name: 'W1' });
const b1 = tf.Variable(tf.zeros([256]), { name: 'b1' });
const h1 = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
const W2 = tf.Variable(tf.truncatedNormal([256, 10], { stddev: 0.05 }), { name: 'W2' });
const b2 = tf.Variable(tf.zeros([10]), { name: 'b2' });
const hFc = tf.add(tf.matmul(h1, W2), b2);

const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits: hFc }));
const trainStep = new GradientDescentOptimizer(0.1).minimize(cost);
const correctPrediction = tf.equal(tf.argmax(hFc, 1), tf.argmax(t, 1));
const accuracy = tf.reduceMean(tf.cast(correctPrediction, 'float32'));

const sess = new InteractiveSession();
const init = tf.globalVariablesInitializer();
sess.run(init);

const nEpochs = 10;
const batchSize = 100;
let [trainX, trainY] = shuffle(train.images, train.labels);
const nBatches = Math.floor(trainX.shape[0] / batchSize);

for (let epoch = 0; epoch < nEpochs; epoch++) {
  for (let i = 0; i < nBatches; i++) {
    const start = i * batchSize;
    const end = start + batchSize;
    trainStep.run([
      [x, trainX.slice(start, end)],
      [t, trainY.slice(start, end)],
    ]);
  }
  const trainAccuracy = accuracy.eval([
    [x, valid.images],
    [t, valid.labels],
  ]);
  console.log(`EPOCH::${epoch + 1}, training_accuracy ${trainAccuracy}`);
}
console.log(
  `test accuracy ${accuracy.eval([
    [x, test.images],
    [t, test.labels],
  ])}`,
);
sess.close();
