/**
 * The Compose Specification's JSON schema (compose-spec.json, copied from the spec's repository,
 * schema/compose-spec.json at commit a08f8d5 of 2025-10-28, Apache-2.0), validated by the code ajv generates
 * from it, and walked for completion and hover (which keys exist at a position, their types and enum values).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { coreMessage, CoreMessageArg } from '../coreMessage';
import specJson from './compose-spec.json';

export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly patternProperties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly deprecated?: boolean;
  readonly required?: readonly string[];
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
}

export function composeSchema(): JsonSchema {
  return specJson;
}

let validator: ValidateFunction | undefined;
/**
 * Validates against the schema with the validator ajv generated ahead of time (validateCompose.ts, by
 * scripts/gen-compose-validator.mjs): compiling the schema when the first compose file opened took 2 s.
 */
export function validateSchema(value: unknown): readonly ErrorObject[] {
  validator ??= require('./validateCompose') as ValidateFunction;
  validator(value);
  return validator.errors ?? [];
}

function deref(s: JsonSchema | undefined, depth = 0): JsonSchema | undefined {
  if (!s || depth > 10) return s;
  if (s.$ref?.startsWith('#/definitions/')) return deref(composeSchema().definitions?.[s.$ref.slice('#/definitions/'.length)], depth + 1);
  return s;
}

/** The schema and every branch of its oneOf/anyOf/allOf, references followed. */
export function branches(s: JsonSchema | undefined, depth = 0): JsonSchema[] {
  const d = deref(s);
  if (!d || depth > 8) return [];
  const out = [d];
  for (const b of [...d.oneOf ?? [], ...d.anyOf ?? [], ...d.allOf ?? []]) out.push(...branches(b, depth + 1));
  return out;
}

/** The schemas a key path leads to (a path segment `#` stands for any list item). */
export function schemasAt(path: readonly string[]): JsonSchema[] {
  let current: JsonSchema[] = [composeSchema()];
  for (const seg of path) {
    const next: JsonSchema[] = [];
    for (const s of current) {
      for (const b of branches(s)) {
        if (seg === '#') {
          if (b.items) next.push(b.items);
          continue;
        }
        const p = b.properties?.[seg];
        if (p) { next.push(p); continue; }
        let matched = false;
        for (const [pattern, ps] of Object.entries(b.patternProperties ?? {})) {
          if (pattern === '^x-') continue;
          if (safeTest(pattern, seg)) { next.push(ps); matched = true; }
        }
        if (!matched && typeof b.additionalProperties === 'object') next.push(b.additionalProperties);
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

const patterns = new Map<string, RegExp | undefined>();
function safeTest(pattern: string, s: string): boolean {
  if (!patterns.has(pattern)) {
    try { patterns.set(pattern, new RegExp(pattern, 'u')); } catch { patterns.set(pattern, undefined); }
  }
  return patterns.get(pattern)?.test(s) ?? false;
}

/** Keys a mapping at `path` may have, with the schema of each. */
export function keysAt(path: readonly string[]): Map<string, JsonSchema> {
  const keys = new Map<string, JsonSchema>();
  for (const s of schemasAt(path)) for (const b of branches(s)) for (const [k, v] of Object.entries(b.properties ?? {})) if (!keys.has(k)) keys.set(k, v);
  return keys;
}

/** The enum values (and booleans) a value at `path` may take. */
export function enumValuesAt(path: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of schemasAt(path)) {
    for (const b of branches(s)) {
      for (const e of b.enum ?? []) out.add(String(e));
      const types = typeof b.type === 'string' ? [b.type] : b.type ?? [];
      if (types.includes('boolean')) { out.add('true'); out.add('false'); }
    }
  }
  return [...out];
}

/**
 * A short description of the shapes a value may take ("a string or a mapping"), as a message of the schema
 * errors' own shape words (`ComposeSchema.type.*`, chained by `ComposeSchema.or`); undefined when the schema
 * names none.
 */
export function shapeOf(schemas: readonly JsonSchema[]): CoreMessageArg | undefined {
  const names = new Map<string, CoreMessageArg>();
  for (const s of schemas) {
    for (const b of branches(s)) {
      const types = typeof b.type === 'string' ? [b.type] : b.type ?? [];
      for (const t of types) if (!names.has(t)) names.set(t, typeWord(t));
      if (b.enum) {
        const values = b.enum.map((e) => `\`${String(e)}\``).join(', ');
        if (!names.has(`enum:${values}`)) names.set(`enum:${values}`, coreMessage('compose.shape.oneOf', values));
      }
    }
  }
  // "a or b or c" is or(a, or(b, c))
  return [...names.values()].reduceRight<CoreMessageArg | undefined>((rest, m) => (rest !== undefined ? coreMessage('ComposeSchema.or', m, rest) : m), undefined);
}

/** A JSON Schema type as words (the schema errors' and the key docs'); a type this table does not know stays the schema's word. */
export function typeWord(t: string): CoreMessageArg {
  switch (t) {
    case 'string': return coreMessage('ComposeSchema.type.string');
    case 'number': return coreMessage('ComposeSchema.type.number');
    case 'integer': return coreMessage('ComposeSchema.type.integer');
    case 'boolean': return coreMessage('ComposeSchema.type.boolean');
    case 'object': return coreMessage('ComposeSchema.type.object');
    case 'array': return coreMessage('ComposeSchema.type.array');
    case 'null': return coreMessage('ComposeSchema.type.null');
    default: return t;
  }
}
