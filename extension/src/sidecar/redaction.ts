/** What a secret is replaced with in traces and logs. */
export const redacted = '<redacted>';

/** Keys whose string values are secrets wherever they appear in a message. */
const secretKeys = new Set(['token', 'password', 'passphrase', 'secret']);

/** Keys whose every value is a secret: the HTTP headers of a server we did not start (Authorization, Cookie, X-XSRFToken). */
const secretMaps = new Set(['headers']);

/** `?token=…` or `&token=…` inside a URL-like string. */
const tokenInQuery = /([?&]token=)[^&#\s"']+/gi;

/**
 * A copy of `value` with every secret replaced, for the RPC trace. Secrets are `token`-like keys
 * (the Jupyter token of servers/start and servers/attach, a hub token, a server password), the
 * values of `headers` maps, and tokens inside URLs.
 */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') {
    return redactText(value);
  }
  if (Array.isArray(value)) {
    return value.map(redact);
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] =
        typeof item === 'string' && secretKeys.has(key.toLowerCase())
          ? redacted
          : secretMaps.has(key.toLowerCase()) && item !== null && typeof item === 'object'
            ? Object.fromEntries(Object.keys(item).map((name) => [name, redacted]))
            : redact(item);
    }
    return copy;
  }
  return value;
}

export function redactText(text: string): string {
  return text.replace(tokenInQuery, `$1${redacted}`);
}
