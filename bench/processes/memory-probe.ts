/**
 * Loaded into a bot process with `--import` (and `--expose-gc`): answers `{ memory: true,
 * gc }` on the IPC channel with process.memoryUsage(), after a full collection when asked,
 * so the footprint bench can compare settled heaps. It imports nothing of the bot.
 */
process.on('message', (message: unknown) => {
  if (typeof message !== 'object' || message === null || !('memory' in message)) return;
  const collect = (globalThis as { gc?: () => void }).gc;
  if ('gc' in message && message.gc === true && collect !== undefined) {
    // Twice: the first pass runs finalizers whose objects the second one frees.
    collect();
    collect();
  }
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  process.send?.({ rss, heapUsed, heapTotal, external });
});
// The channel must not keep a bot that main.ts has finished with alive.
process.channel?.unref();
