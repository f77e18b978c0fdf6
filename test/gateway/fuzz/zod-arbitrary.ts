import fc from 'fast-check';
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  checks?: Array<{ _zod: { def: { check: string; value?: number; format?: string } } }>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Values shaped by a zod schema of the contract, close to valid (right keys, enum members, numbers
 * in range) so requests reach the handlers instead of stopping at the first 400; mutations.ts then
 * breaks them. Walks zod 4's definitions; an unknown kind gives any JSON value.
 */
export function arbitraryFor(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 8) return fc.constant(null);
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(Object.entries(def.shape ?? {}).map(([k, v]) => [k, arbitraryFor(v, depth + 1)]));
      return fc.record(shape, { requiredKeys: Object.keys(shape).filter((k) => !isOptional(def.shape![k]!)) });
    }
    case 'optional':
    case 'default':
    case 'nullable':
      return fc.oneof({ weight: 4, arbitrary: arbitraryFor(def.innerType!, depth + 1) }, { weight: 1, arbitrary: fc.constant(def.type === 'nullable' ? null : undefined) });
    case 'pipe':
      // A preprocess is a pipe from a transform: the output schema describes the value; a
      // coercion (string → number) is a pipe from its input schema.
      return arbitraryFor(defOf(def.in!).type === 'transform' ? def.out! : def.in!, depth + 1);
    case 'string':
      return fc.oneof(fc.string({ maxLength: 24 }), fc.constantFrom('en', 'json', 'true', '1', 'auto', 'srt', 'hf-internal-testing/tiny', 'a'.repeat(300)));
    case 'number':
      return numberFor(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? { a: 'a' }));
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'array':
      return fc.array(arbitraryFor(def.element!, depth + 1), { maxLength: 4 });
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 12 }), arbitraryFor(def.valueType!, depth + 1), { maxKeys: 4 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map((o) => arbitraryFor(o, depth + 1)));
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function isOptional(schema: z.ZodType): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default';
}

function numberFor(def: Def): fc.Arbitrary<number> {
  let min = -1e6;
  let max = 1e6;
  let isInt = false;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than' && typeof d.value === 'number') min = d.value;
    if (d.check === 'less_than' && typeof d.value === 'number') max = d.value;
    if (d.check === 'number_format' && d.format?.includes('int')) isInt = true;
  }
  return isInt ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
}

/** The field names of an object schema (multipart forms), seen through optional/default/pipe. */
export function fieldNames(schema: z.ZodType): string[] {
  const def = defOf(schema);
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'pipe') return fieldNames(def.in!);
  return [];
}
