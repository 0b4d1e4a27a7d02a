/**
 * Lets a plain `node` child process (tests that SIGKILL a process mid-operation) run the
 * TypeScript sources: Node 22 strips the types itself, and this resolve hook maps the `.js`
 * specifiers the sources use (NodeNext style) to the `.ts` file beside them.
 *
 *   node --experimental-transform-types --import ./tests/support/ts-source-hooks.ts child.ts
 * (transform-types: the sources use parameter properties, which plain type stripping refuses)
 */
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if ((specifier.startsWith('.') || specifier.startsWith('file:')) && specifier.endsWith('.js') && context.parentURL) {
      const url = new URL(specifier, context.parentURL);
      const ts = new URL(url.href.replace(/\.js$/, '.ts'));
      if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(ts))) return nextResolve(ts.href, context);
    }
    return nextResolve(specifier, context);
  },
});
