type Frame =
  | { readonly kind: 'object'; readonly names: Set<string>; name: string; expectName: boolean }
  | { readonly kind: 'array'; index: number };

/**
 * The JSON Pointer of the first member name that appears twice in one object of a JSON text, or
 * undefined when none does. RFC 8259 (§4) leaves duplicate names to the receiver and JSON.parse
 * keeps the last one, so `{"votersVoted": 900, …, "votersVoted": 9000}` would be stored as 9000
 * while a reviewer of the minutes reads 900: the API refuses such a body instead. Names are
 * compared as decoded ("a" and "\u0061" are the same name). Expects a text that JSON.parse
 * accepted; walks it without recursion, so any nesting within the body limit is fine.
 */
export function duplicateKeyPointer(text: string): string | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectName) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.names.has(name)) return pointer(stack.slice(0, -1), name);
        top.names.add(name);
        top.name = name;
        top.expectName = false;
      }
      i = end;
    } else if (c === '{') {
      stack.push({ kind: 'object', names: new Set(), name: '', expectName: true });
    } else if (c === '[') {
      stack.push({ kind: 'array', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectName = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}

/** RFC 6901: each segment with ~ as ~0 and / as ~1. */
function pointer(parents: readonly Frame[], name: string): string {
  const segments = [...parents.map((f) => (f.kind === 'object' ? f.name : String(f.index))), name];
  return segments.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
