/**
 * At most `limit` registry requests in flight per client: registries throttle clients that open many connections,
 * and a plan over thousands of tags must not open thousands at once. A slot is held from sending a request until
 * its body is read or discarded, never while waiting to retry, so nested requests (a token fetch) cannot deadlock.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`concurrency limit ${limit}: expected ≥ 1`);
  }

  /** Waits for a slot; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays put.
      if (next) next();
      else this.active -= 1;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.active;
  }
}
