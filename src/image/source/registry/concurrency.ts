/**
 * At most `limit` registry requests in flight per client: registries throttle clients that open many connections,
 * and a plan over thousands of tags must not open thousands at once. A slot is held from sending a request until
 * its body is read or discarded, never while waiting to retry, so nested requests (a token fetch) cannot deadlock.
 *
 * With a `ceiling` above `limit` the limit adapts, as TCP's congestion window does: it starts at `limit`, grows by
 * one per answered request up to the ceiling (by one per window's worth once it has been throttled), and halves when
 * the registry answers 429 or 503 (a registry saying "too many": the transport then waits as Retry-After asks). Over
 * a network, requests in flight are what hides each round trip, so a plan over a thousand tags gains from more than
 * a fixed handful; a registry that pushes back gets fewer at once, never more. Without a ceiling the limit is fixed.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private current: number;
  /** Above this, growth is one per window of answers rather than one per answer. */
  private threshold: number;
  private answered = 0;
  /** Bumped on every decrease: answers to requests sent before it do not halve the limit again. */
  private epoch = 0;

  constructor(
    readonly limit: number,
    readonly ceiling: number = limit,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`concurrency limit ${limit}: expected ≥ 1`);
    if (!Number.isSafeInteger(ceiling) || ceiling < limit) {
      throw new Error(`concurrency ceiling ${ceiling}: expected an integer ≥ ${limit}`);
    }
    this.current = limit;
    this.threshold = ceiling;
  }

  /** Waits for a slot; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.current) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // After a decrease, slots above the new size are retired rather than handed on.
      const next = this.active <= this.current ? this.waiting.shift() : undefined;
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

  /** Requests allowed in flight now (the limit, or where an adaptive one stands). */
  get size(): number {
    return this.current;
  }

  /** Read when a request is sent; given back to `answer` with its status. */
  get generation(): number {
    return this.epoch;
  }

  /**
   * A request sent at `generation` got `status`. Only an adaptive limit moves: 429/503 halve it (once per round of
   * requests: the others sent alongside the first throttled one say nothing new), other answers below 500 grow it.
   * Returns the new size when it halved (for the log), else undefined.
   */
  answer(status: number, generation: number): number | undefined {
    if (this.ceiling === this.limit) return undefined;
    if (status === 429 || status === 503) {
      if (generation !== this.epoch) return undefined;
      this.epoch += 1;
      this.current = Math.max(1, Math.floor(this.current / 2));
      this.threshold = this.current;
      this.answered = 0;
      return this.current;
    }
    if (status >= 500 || this.current >= this.ceiling) return undefined;
    this.answered += 1;
    if (this.current < this.threshold || this.answered >= this.current) {
      this.current += 1;
      this.answered = 0;
      while (this.active < this.current && this.waiting.length > 0) {
        this.active += 1;
        this.waiting.shift()?.();
      }
    }
    return undefined;
  }
}
