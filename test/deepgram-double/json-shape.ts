export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** Key path → JSON types seen there. Array elements share the path `parent[]` (union of element shapes). */
export type JsonShape = ReadonlyMap<string, ReadonlySet<JsonType>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Object keys that are data rather than schema (e.g. model_info's model UUIDs) collapse to a placeholder. */
function normalizeKey(key: string): string {
  return UUID.test(key) ? '<uuid>' : key;
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return t;
  throw new TypeError(`not a JSON value: ${t}`);
}

export function jsonShape(value: unknown): JsonShape {
  const shape = new Map<string, Set<JsonType>>();
  const visit = (v: unknown, path: string): void => {
    const type = typeOf(v);
    let types = shape.get(path);
    if (!types) shape.set(path, (types = new Set()));
    types.add(type);
    if (Array.isArray(v)) {
      for (const item of v) visit(item, `${path}[]`);
    } else if (type === 'object') {
      for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
        visit(child, path === '' ? normalizeKey(key) : `${path}.${normalizeKey(key)}`);
      }
    }
  };
  visit(value, '');
  return shape;
}

export interface ShapeComparison {
  /** Paths in `actual` that the reference lacks, or whose types the reference never shows. */
  unexpected: string[];
  /** Required paths absent from `actual`. */
  missing: string[];
}

/**
 * Every path of `actual` must exist in `reference` with a type the reference also has; every path in
 * `required` must exist in `actual`.
 */
export function compareShapes(actual: unknown, reference: unknown, required: readonly string[] = []): ShapeComparison {
  const a = jsonShape(actual);
  const r = jsonShape(reference);
  const unexpected: string[] = [];
  for (const [path, types] of a) {
    const refTypes = r.get(path);
    if (!refTypes) {
      unexpected.push(`${path || '<root>'} (not in reference)`);
      continue;
    }
    for (const t of types) {
      if (!refTypes.has(t)) unexpected.push(`${path || '<root>'}: ${t}, reference has ${[...refTypes].join('|')}`);
    }
  }
  const missing = required.filter((path) => !a.has(path));
  return { unexpected, missing };
}
