import { expect, it } from 'vitest';
import { trainMnistCnn } from '../mnist-cnn.js';

// The op-catalogue bar: conv → pool → conv → pool → dense, written with @tf ops and a Session,
// reaches >= 0.95 test accuracy on the embedded MNIST sample.
it('examples/mnist-cnn.ts trains a CNN to >= 0.95 test accuracy', async () => {
  const validation: number[] = [];
  const testAccuracy = await trainMnistCnn({ onEpoch: (_, accuracy) => validation.push(accuracy) });
  expect(validation).toHaveLength(3);
  expect(validation[0]).toBeGreaterThan(0.8);
  // Accuracy is a float32 mean: 950/1000 is 0.949999988, so compare against 0.95 as float32.
  expect(testAccuracy).toBeGreaterThanOrEqual(Math.fround(0.95));
}, 600_000);
