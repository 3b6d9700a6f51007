// A small convolutional network on MNIST, written the TF 1.x way: conv → pool → conv → pool →
// dense, trained with Adam through a Session on the embedded 8000/1000/1000 sample (3 epochs
// reach >= 0.95 test accuracy). examples/test/mnist-cnn.test.ts runs it.
import * as tf from '@tf/graph';
import { Session } from '@tf/session';
import { AdamOptimizer } from '@tf/train';
import { mnist, shuffle } from '@tf/datasets';

export interface CnnOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Filters of the two convolutions. */
  filters?: readonly [number, number];
  /** Called after each epoch with the validation accuracy. */
  onEpoch?: (epoch: number, validationAccuracy: number) => void;
}

function weight(shape: number[], name: string): tf.Variable {
  return tf.Variable(tf.truncatedNormal(shape, { stddev: 0.1 }), { name });
}

function bias(size: number, name: string): tf.Variable {
  return tf.Variable(tf.fill([size], 0.1), { name });
}

/** conv 5×5×1×f1 → max-pool 2 → conv 5×5×f1×f2 → max-pool 2 → dense 7·7·f2→10. */
function buildModel(learningRate: number, [f1, f2]: readonly [number, number]) {
  const x = tf.placeholder('float32', [null, 784], 'x');
  const t = tf.placeholder('float32', [null, 10], 't');
  const image = tf.reshape(x, [-1, 28, 28, 1]);

  const conv1 = tf.nn.relu(tf.add(tf.nn.conv2d(image, weight([5, 5, 1, f1], 'W_conv1'), [1, 1, 1, 1], 'SAME'), bias(f1, 'b_conv1')));
  const pool1 = tf.nn.maxPool(conv1, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
  const conv2 = tf.nn.relu(tf.add(tf.nn.conv2d(pool1, weight([5, 5, f1, f2], 'W_conv2'), [1, 1, 1, 1], 'SAME'), bias(f2, 'b_conv2')));
  const pool2 = tf.nn.maxPool(conv2, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
  const flat = tf.reshape(pool2, [-1, 7 * 7 * f2]);
  const logits = tf.add(tf.matmul(flat, weight([7 * 7 * f2, 10], 'W_fc')), bias(10, 'b_fc'));

  const cost = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: t, logits }));
  const trainStep = new AdamOptimizer(learningRate).minimize(cost);
  const accuracy = tf.reduceMean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(t, 1)), 'float32'));
  return { x, t, cost, trainStep, accuracy };
}

/** Trains on the embedded MNIST sample and returns the test accuracy. */
export async function trainMnistCnn(options: CnnOptions = {}): Promise<number> {
  const { epochs = 3, batchSize = 50, learningRate = 3e-3, seed = 1, filters = [8, 16], onEpoch } = options;
  const { train, valid, test } = await mnist.load();
  const graph = new tf.Graph();
  const model = graph.asDefault(() => {
    tf.setRandomSeed(seed);
    return buildModel(learningRate, filters);
  });
  using sess = new Session({ graph });
  sess.run(graph.asDefault(() => tf.globalVariablesInitializer()));
  const evaluate = (images: tf.NDArray, labels: tf.NDArray) =>
    sess
      .run(model.accuracy, [
        [model.x, images],
        [model.t, labels],
      ])
      .item() as number;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const [images, labels] = shuffle(train.images, train.labels, { seed: seed + epoch });
    for (let start = 0; start + batchSize <= images.shape[0]!; start += batchSize) {
      const end = start + batchSize;
      model.trainStep.run(
        [
          [model.x, images.slice(start, end)],
          [model.t, labels.slice(start, end)],
        ],
        sess,
      );
    }
    onEpoch?.(epoch + 1, evaluate(valid.images, valid.labels));
  }
  return evaluate(test.images, test.labels);
}

// Run directly: print per-epoch validation accuracy and the final test accuracy.
if (import.meta.url === `file://${process.argv[1]}`) {
  const accuracy = await trainMnistCnn({ onEpoch: (e, a) => console.log(`epoch ${e}: validation accuracy ${a.toFixed(4)}`) });
  console.log(`test accuracy ${accuracy.toFixed(4)}`);
}
