import { defaultSessionStack } from '@tf/graph/backend';
import { Session, type SessionOptions } from './session.js';

let activeInteractiveSessions = 0;

/**
 * TF 1.x's `tf.InteractiveSession`: installs itself as the default session on construction
 * (and its graph as default, when one is given), so `t.eval()` and `op.run()` work at once,
 * as in a shell. `close()` uninstalls it.
 */
export class InteractiveSession extends Session {
  private counted = true;

  constructor(options: SessionOptions = {}) {
    super(options);
    if (activeInteractiveSessions > 0) {
      console.warn(
        'An interactive session is already active. This can cause out-of-memory errors in some cases. ' +
          'You must explicitly call `InteractiveSession.close()` to release resources held by the other session(s).',
      );
    }
    activeInteractiveSessions += 1;
    if (options.graph) this.pushScope(options.graph.asDefault());
    // Nesting is not enforced: an interactive session may be closed while other defaults are open.
    this.pushScope(defaultSessionStack.push(this, { enforceNesting: false }));
  }

  override close(): void {
    if (this.counted) {
      this.counted = false;
      activeInteractiveSessions -= 1;
    }
    super.close();
  }
}
