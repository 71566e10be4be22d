/**
 * Canonical JSON: object keys sorted at every depth, so that two equal configs hash equally whatever the
 * order their keys were written in. Non-finite numbers and undefined are rejected: a config that cannot be
 * written down exactly cannot name a cached result.
 */
export function canonicalJson(value: unknown, path = "config"): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}; configs may hold only finite numbers.`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item, i) => canonicalJson(item, `${path}[${i}]`)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key], `${path}.${key}`)}`);
    return `{${entries.join(",")}}`;
  }
  throw new Error(`${path} has type ${typeof value}; configs may hold only JSON values (no functions, undefined or bigint).`);
}

/** The path of the first number in `value` that is NaN or ±Infinity, or null when every number is finite. */
export function firstNonFinite(value: unknown, path = "results"): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : `${path} = ${value}`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    for (let i = 0; i < items.length; i++) {
      const found = firstNonFinite(items[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = firstNonFinite(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
