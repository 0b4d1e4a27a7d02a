/**
 * Serialises the writes of one open workbook. A mutation may await (a chunked paste of 100,000
 * cells yields to the event loop between chunks while its transaction stays open); a second
 * write arriving meanwhile must wait for it rather than run inside that transaction.
 */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  private depth = 0;

  /** Runs `work` after every write queued before it; the lock is released however `work` ends. */
  run<T>(work: () => T | Promise<T>): Promise<T> {
    this.depth += 1;
    const result = this.tail.then(work);
    this.tail = result.then(
      () => this.release(),
      () => this.release(),
    );
    return result;
  }

  /** True while a write runs or waits. */
  get busy(): boolean {
    return this.depth > 0;
  }

  private release(): void {
    this.depth -= 1;
  }
}
