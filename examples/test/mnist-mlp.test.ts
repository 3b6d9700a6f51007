import { afterEach, expect, it, vi } from 'vitest';
import { getDefaultSession } from '@tf/session';

afterEach(() => vi.restoreAllMocks());

// docs/api.md §1 as written: 10 epochs of SGD on the embedded 8000/1000/1000 split. PyTorch with the
// same model, init, hyperparameters and split reaches 0.917; the contract asks for >= 0.90.
it('examples/mnist-mlp.ts trains the seed MLP to >= 0.90 test accuracy', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  await import('../mnist-mlp.js');
  const epochs = lines.filter((l) => l.startsWith('EPOCH::'));
  expect(epochs).toHaveLength(10);
  const accuracies = epochs.map((l) => Number(l.split('training_accuracy ')[1]));
  expect(accuracies[0]).toBeGreaterThan(0.5);
  expect(accuracies[9]).toBeGreaterThan(accuracies[0]!);
  const testAccuracy = Number(lines.at(-1)!.replace('test accuracy ', ''));
  expect(testAccuracy).toBeGreaterThanOrEqual(0.9);
  expect(getDefaultSession()).toBeUndefined();
}, 300_000);
