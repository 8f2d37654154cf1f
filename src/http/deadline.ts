/**
 * One overall deadline for a request: connecting, every redirect hop, the headers and the whole body. An idle
 * timeout alone lets a server that trickles a byte every few seconds hold a CI job forever; the deadline cuts it
 * (every socket and response it guards is destroyed with a DeadlineError) whatever the pace.
 */

export interface Destroyable {
  destroy(error?: Error): unknown;
}

export class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`no complete answer within the ${seconds(ms)} deadline`);
    this.name = 'DeadlineError';
  }
}

export class Deadline {
  private readonly timer: NodeJS.Timeout;
  private readonly guarded = new Set<Destroyable>();
  private error: DeadlineError | undefined;

  constructor(readonly ms: number) {
    this.timer = setTimeout(() => this.expire(), ms);
    // The guarded sockets keep the process alive while they are open; the timer alone must not.
    this.timer.unref();
  }

  get expired(): boolean {
    return this.error !== undefined;
  }

  /** Destroys `target` when the deadline passes (at once when it has); the returned function stops guarding it. */
  guard(target: Destroyable): () => void {
    if (this.error) {
      target.destroy(this.error);
      return () => undefined;
    }
    this.guarded.add(target);
    return () => this.guarded.delete(target);
  }

  /** The request is done (or abandoned): nothing is destroyed any more. */
  end(): void {
    clearTimeout(this.timer);
    this.guarded.clear();
  }

  private expire(): void {
    this.error = new DeadlineError(this.ms);
    for (const target of this.guarded) target.destroy(this.error);
    this.guarded.clear();
  }
}

/** A deadline for a transfer of up to `bytes`: the base, plus the time the bytes take at a slow but honest pace. */
export function transferDeadlineMs(baseMs: number, bytes: number, minBytesPerSecond: number): number {
  return Math.round(baseMs + (Math.max(0, bytes) / minBytesPerSecond) * 1000);
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
