import { CommanderError } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';
import { createProgram, type TrainMnistFlags } from '../src/program.js';
import { cliVersion } from '../src/version.js';
import { Capture } from './helpers.js';

function setup() {
  const io = { stdout: new Capture(), stderr: new Capture() };
  const trainMnist = vi.fn<(flags: TrainMnistFlags) => void>();
  const repl = vi.fn<() => void>();
  const program = createProgram({ trainMnist, repl }, io);
  return { io, trainMnist, repl, program };
}

describe('tf program', () => {
  it('tf train mnist: defaults', async () => {
    const { program, trainMnist } = setup();
    await program.parseAsync(['train', 'mnist'], { from: 'user' });
    expect(trainMnist).toHaveBeenCalledTimes(1);
    expect(trainMnist.mock.calls[0]![0]).toEqual({
      epochs: 10,
      batchSize: 100,
      learningRate: 0.1,
      hidden: 256,
      optimizer: 'sgd',
      seed: 1,
      device: 'cpu',
      json: false,
      quiet: false,
    });
  });

  it('tf train mnist: every flag', async () => {
    const { program, trainMnist } = setup();
    await program.parseAsync(
      [
        'train',
        'mnist',
        '--epochs',
        '3',
        '--batch-size',
        '50',
        '--learning-rate',
        '0.001',
        '--hidden',
        '128',
        '--optimizer',
        'adam',
        '--data',
        '/tmp/mnist',
        '--seed',
        '0',
        '--device',
        'cpu',
        '--json',
        '--max-steps-per-epoch',
        '7',
        '--quiet',
      ],
      { from: 'user' },
    );
    expect(trainMnist.mock.calls[0]![0]).toEqual({
      epochs: 3,
      batchSize: 50,
      learningRate: 0.001,
      hidden: 128,
      optimizer: 'adam',
      data: '/tmp/mnist',
      seed: 0,
      device: 'cpu',
      json: true,
      maxStepsPerEpoch: 7,
      quiet: true,
    });
  });

  it('tf repl', async () => {
    const { program, repl } = setup();
    await program.parseAsync(['repl'], { from: 'user' });
    expect(repl).toHaveBeenCalledTimes(1);
  });

  it.each([
    [['--epochs', '0'], "option '--epochs <n>' argument '0' is invalid. Expected a positive integer (at most 2147483647)."],
    [['--batch-size', 'ten'], "option '--batch-size <n>' argument 'ten' is invalid. Expected a positive integer (at most 2147483647)."],
    [['--learning-rate', '-1'], "option '--learning-rate <rate>' argument '-1' is invalid. Expected a positive number."],
    [['--optimizer', 'lbfgs'], 'Allowed choices are sgd, momentum, adam, rmsprop, adagrad.'],
    [['--device', 'tpu'], 'Allowed choices are cpu, webgpu.'],
    [['--epoch', '2'], "unknown option '--epoch'"],
  ])('rejects %j', async (args, message) => {
    const { program, trainMnist, io } = setup();
    const parsing = program.parseAsync(['train', 'mnist', ...args], { from: 'user' });
    await expect(parsing).rejects.toBeInstanceOf(CommanderError);
    expect(io.stderr.text).toContain(message);
    expect(trainMnist).not.toHaveBeenCalled();
  });

  it('tf train mnist --help lists every flag', async () => {
    const { program, io } = setup();
    await expect(program.parseAsync(['train', 'mnist', '--help'], { from: 'user' })).rejects.toMatchObject({ exitCode: 0 });
    for (const flag of [
      '--epochs',
      '--batch-size',
      '--learning-rate',
      '--hidden',
      '--optimizer',
      '--data',
      '--seed',
      '--device',
      '--json',
      '--max-steps-per-epoch',
      '--quiet',
    ]) {
      expect(io.stdout.text).toContain(flag);
    }
    expect(io.stdout.text).toContain('Usage: tf train mnist [options]');
    expect(io.stdout.text).toContain('(default: 10)');
    const help = io.stdout.text.replace(/\s+/g, ' ');
    expect(help).toContain('choices: "sgd", "momentum", "adam", "rmsprop", "adagrad", default: "sgd"');
    expect(help).toContain('choices: "cpu", "webgpu", default: "cpu"');
  });

  it('tf --help lists the commands; tf --version prints the version', async () => {
    let s = setup();
    await expect(s.program.parseAsync(['--help'], { from: 'user' })).rejects.toMatchObject({ exitCode: 0 });
    expect(s.io.stdout.text).toContain('Usage: tf [options] [command]');
    expect(s.io.stdout.text).toMatch(/train\s+train a model/);
    expect(s.io.stdout.text).toMatch(/repl\s+interactive Node REPL/);
    s = setup();
    await expect(s.program.parseAsync(['--version'], { from: 'user' })).rejects.toMatchObject({ exitCode: 0 });
    expect(s.io.stdout.text).toBe(`${cliVersion()}\n`);
  });

  it('main: usage errors exit 1, help exits 0', async () => {
    const io = { stdout: new Capture(), stderr: new Capture() };
    expect(await main(['node', 'tf', 'train', 'mnist', '--epochs', 'x'], io)).toBe(1);
    expect(await main(['node', 'tf', 'help', 'train'], io)).toBe(0);
    expect(io.stdout.text).toContain('Usage: tf train');
  });
});
