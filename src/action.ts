// First, so that every stack through the bundle, even one from loading the rest, names src/ lines.
import './util/source-map-stacks.js';
import { runAction } from './action/run-action.js';

await runAction();
