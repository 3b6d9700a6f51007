// docs/api.md §2, "run() vs eval(), Session vs InteractiveSession": the program as written there, with
// the value of the last run printed. packages/session/test/examples.test.ts runs it and checks
// what it prints.
import * as tf from '@tf/graph';
import { InteractiveSession, Session } from '@tf/session';

export function main(): void {
  const sess = new InteractiveSession();
  const a = tf.constant(5.0);
  const b = tf.constant(6.0);
  const c = tf.mul(a, b);
  console.log(c.eval().item()); // 30
  sess.close();

  {
    using s = new Session();
    s.asDefault(() => console.log(c.eval().toString())); // 30.0
  }

  const s2 = new Session();
  const value = s2.run(c); // NDArray 30
  console.log(value.toString()); // 30.0
  s2.close();
}

if (import.meta.url === `file://${process.argv[1]}`) main();
