/** The message of anything thrown, for the technical half of a StoreError. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
