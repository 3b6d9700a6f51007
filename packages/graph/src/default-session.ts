import { DefaultStack } from './default-stack.js';
import { ValueError } from './errors.js';
import type { Graph } from './graph.js';
import type { SessionLike } from './session-api.js';

/** The stack `Session.asDefault` and `InteractiveSession` push onto; `eval`/`run` read it. */
export const defaultSessionStack = new DefaultStack<SessionLike>('Session');

/** TF's `get_default_session()`: the innermost default session, or `undefined`. */
export function getDefaultSession(): SessionLike | undefined {
  return defaultSessionStack.get();
}

type Subject = 'tensor' | 'operation';

/** Picks the session for `t.eval()` / `op.run()` with TF's exact errors when there is none or it mismatches. */
export function sessionFor(subject: Subject, graph: Graph, explicit: SessionLike | undefined): SessionLike {
  const verb = subject === 'tensor' ? 'evaluate tensor' : 'execute operation';
  const call = subject === 'tensor' ? 'eval' : 'run';
  if (explicit) {
    if (explicit.graph !== graph) {
      throw new ValueError(`Cannot use the given session to ${verb}: the ${subject}'s graph is different from the session's graph.`);
    }
    return explicit;
  }
  const session = getDefaultSession();
  if (!session) {
    const colon = subject === 'tensor' ? '' : ':';
    throw new ValueError(
      `Cannot ${subject === 'tensor' ? 'evaluate tensor using `eval()`' : 'execute operation using `run()`'}: ` +
        `No default session is registered. Use \`with sess.as_default()${colon}\` or pass an explicit session to ` +
        `\`${call}(session=sess)\`. In TypeScript: \`sess.asDefault(() => …)\`, \`using _ = sess.asDefault()\`, ` +
        `an InteractiveSession, or \`${call}(feedDict, sess)\`.`,
    );
  }
  if (session.graph !== graph) {
    throw new ValueError(
      `Cannot use the default session to ${verb}: the ${subject}'s graph is different from the session's graph. ` +
        `Pass an explicit session to \`${call}(session=sess)\`.`,
    );
  }
  return session;
}
