import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import * as tf from '@tf/graph';
import { describe, expect, it } from 'vitest';
import { installInspect, startRepl } from '../src/commands/repl.js';
import { runTf } from './helpers.js';

describe('tf repl', () => {
  it('prints NDArrays numpy-style and tensors / operations as short reprs', () => {
    installInspect();
    expect(
      inspect(
        tf.NDArray.from([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toBe('[[1. 2.]\n [3. 4.]]');
    expect(inspect({ a: tf.NDArray.from(30) })).toBe('{ a: 30.0 }');
    const g = new tf.Graph();
    g.asDefault(() => {
      const c = tf.mul(tf.constant(5), tf.constant(6));
      expect(inspect(c)).toBe("<tf.Tensor 'Mul:0' shape=() dtype=float32>");
      expect(inspect(c.op)).toBe("<tf.Operation 'Mul' type=Mul>");
      expect(inspect(g)).toBe('<tf.Graph with 3 operations>');
    });
  });

  it('runs in-process: an InteractiveSession is the default, and exiting closes it', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString()));
    const { session, closed } = startRepl({ input, output, terminal: false, history: false });
    input.write('c = tf.mul(tf.constant(5), tf.constant(6)); c.eval()\n');
    input.write('c.eval().item()\n');
    input.write('sess === InteractiveSession && 0 || typeof train.GradientDescentOptimizer\n');
    input.write('tf.getDefaultSession() === sess\n');
    input.write('.exit\n');
    await closed;
    expect(text).toContain('@tf');
    expect(text).toContain('sess (an InteractiveSession');
    expect(text).toContain('30.0\n');
    expect(text).toContain('30\n');
    expect(text).toContain("'function'");
    expect(text).toContain('true');
    expect(session.closed).toBe(true);
  });

  it('node bin/tf.js repl: evaluates piped input', async () => {
    const { code, stdout, stderr } = await runTf(['repl'], 'c = tf.mul(tf.constant(5), tf.constant(6)); c.eval().item()\n.exit\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^(tf> )*30$/m);
  });
});
