/** What a user sees of a piece of their input in an error: short, with invisible characters made visible. */
export function quoteFragment(text: string, maxChars = 60): string {
  const chars = Array.from(text);
  const shown = chars
    .slice(0, maxChars)
    .map((char) => (/[\p{Cc}\p{Cf}]/u.test(char) && char !== '\u200D' ? `\\u{${char.codePointAt(0)?.toString(16).toUpperCase()}}` : char))
    .join('');
  return `"${shown}${chars.length > maxChars ? '…' : ''}"`;
}
