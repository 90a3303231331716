/** Ends a message with a full stop unless it already ends a sentence, so messages can be joined. */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
