/** What a benchmark started, closed newest first when it ends, however it ends. */
export class Resources {
  readonly #closers: (() => Promise<unknown> | unknown)[] = [];

  /** Registers `thing` to be closed and returns it. */
  add<T>(thing: T, close: (thing: T) => Promise<unknown> | unknown): T {
    this.#closers.push(() => close(thing));
    return thing;
  }

  async close(): Promise<void> {
    for (const closer of this.#closers.splice(0).reverse()) {
      try {
        await closer();
      } catch (error) {
        process.stderr.write(`could not close a benchmark resource: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
}
