/** Text as HTML: safe in element content and in quoted attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A value as JSON that can sit inside <script type="application/json">: no `<` can close the
 * element or open a comment, and the line separators JavaScript once refused are escaped too.
 */
export function jsonForScript(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, replacer).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A script's text inside <script>: refused if it could end the element early. */
export function inlineScript(text: string, origin: string): string {
  if (/<\/script|<!--/i.test(text)) throw new Error(`${origin} cannot be inlined in a page: it contains </script or <!--`);
  return text;
}
