import { expect, it } from 'vitest';
import { trainMnist } from '../src/commands/train-mnist.js';

// The bar: Momentum and Adam train the seed model (same init, same data order) to at
// least the accuracy plain SGD reaches, in 3 epochs. Learning rates are each optimizer's usual
// one: SGD 0.1 (docs/api.md §1), Momentum 0.01 with momentum 0.9 (the same effective step), Adam 0.001.
it('Momentum and Adam reach at least SGD accuracy on the seed MLP in 3 epochs', async () => {
  const run = (optimizer: 'sgd' | 'momentum' | 'adam', learningRate: number) =>
    trainMnist({ epochs: 3, optimizer, learningRate, seed: 1 }, {});
  const sgd = await run('sgd', 0.1);
  const momentum = await run('momentum', 0.01);
  const adam = await run('adam', 0.001);
  expect(sgd.testAccuracy).toBeGreaterThan(0.85);
  expect(momentum.testAccuracy).toBeGreaterThanOrEqual(sgd.testAccuracy);
  expect(adam.testAccuracy).toBeGreaterThanOrEqual(sgd.testAccuracy);
}, 300_000);
