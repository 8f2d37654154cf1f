import { startRegistryProxy } from '../test/support/registry-proxy.js';

/**
 * The delaying proxy of the rescan-plan benchmark in a process of its own, so relaying responses does not compete
 * with the planner being measured for one event loop. Args: upstream URL, delay in ms. Prints its host; exits when
 * stdin closes.
 */
const [upstream, delay] = process.argv.slice(2);
if (!upstream) throw new Error('usage: rescan-plan-proxy.ts UPSTREAM_URL DELAY_MS');
const proxy = await startRegistryProxy(upstream);
proxy.delayMs = Number(delay ?? 0);
process.stdout.write(`${proxy.host}\n`);
// The proxy keeps a record of every request; a benchmark's worth of them would only grow.
setInterval(() => (proxy.requests.length = 0), 1000).unref();
process.stdin.resume();
process.stdin.on('end', () => {
  void proxy.close().then(() => process.exit(0));
});
