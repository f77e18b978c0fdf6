/**
 * The YAML subset pyannote pipeline files use (engines.md §2.1–2.2): nested block mappings by
 * indentation, flow mappings `{a: b, c: {d: e}}`, and scalars (numbers, booleans, null, plain or
 * quoted strings). Sequences and anchors are not needed there and are refused with the line.
 */
export type YamlValue = string | number | boolean | null | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export function parseYamlSubset(text: string): YamlMap {
  const root: YamlMap = {};
  const stack: Array<{ indent: number; map: YamlMap }> = [{ indent: -1, map: root }];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = stripComment(raw);
    if (line.trim() === '' || line.trim() === '---') return;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (body.startsWith('- ') || body.startsWith('&') || body.startsWith('*')) throw new Error(`config.yaml line ${index + 1}: lists and anchors are not supported here`);
    const colon = keySeparator(body);
    if (colon < 0) throw new Error(`config.yaml line ${index + 1}: expected "key: value"`);
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]!.map;
    const key = unquote(body.slice(0, colon).trim());
    const rest = body.slice(colon + 1).trim();
    if (rest === '') {
      const child: YamlMap = {};
      parent[key] = child;
      stack.push({ indent, map: child });
    } else parent[key] = parseValue(rest, index + 1);
  });
  return root;
}

function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) { if (ch === quote) quote = ''; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** Index of the `:` that ends a key (followed by a space or the end), outside quotes and braces. */
function keySeparator(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) { if (ch === quote) quote = ''; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ':' && depth === 0 && (i === text.length - 1 || text[i + 1] === ' ')) return i;
  }
  return -1;
}

function parseValue(text: string, line: number): YamlValue {
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) throw new Error(`config.yaml line ${line}: a flow mapping must close on its line`);
    const map: YamlMap = {};
    for (const part of splitTopLevel(text.slice(1, -1))) {
      if (part.trim() === '') continue;
      const colon = keySeparator(part.trim());
      if (colon < 0) throw new Error(`config.yaml line ${line}: expected "key: value" in {…}`);
      map[unquote(part.trim().slice(0, colon).trim())] = parseValue(part.trim().slice(colon + 1).trim(), line);
    }
    return map;
  }
  if (/^(true|True)$/.test(text)) return true;
  if (/^(false|False)$/.test(text)) return false;
  if (/^(null|~)$/.test(text)) return null;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return unquote(text);
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
    else if (text[i] === ',' && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts;
}

function unquote(s: string): string {
  return (s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")) ? s.slice(1, -1) : s;
}
