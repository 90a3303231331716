/** The element and attribute names in a piece of HTML: what a hostile-input test checks, since escaped text has neither. */
export function htmlShape(html: string): { tags: string[]; attributes: string[] } {
  const tags: string[] = [];
  const attributes: string[] = [];
  for (const [, name = '', rest = ''] of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
    tags.push(name.toLowerCase());
    for (const [, attribute = ''] of rest.matchAll(/\s([^\s=>]+)(?:="[^"]*")?/g)) attributes.push(attribute.toLowerCase());
  }
  return { tags: [...new Set(tags)].sort(), attributes: [...new Set(attributes)].sort() };
}
