/** The message of anything thrown, without closing punctuation, for the technical half of a StoreError sentence. */
export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[\s.]+$/, '');
}
