// First, so that every stack through the bundle, even one from loading the rest, names src/ lines.
import './util/source-map-stacks.js';
// Then V8's compile cache, before the rest of imagegate is compiled: hence the import() below (issue 17).
import './util/compile-cache.js';

const { runAction } = await import('./action/run-action.js');
await runAction();
