import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKeyPointer } from '../../../shared/http/duplicate-keys.ts';

describe('duplicateKeyPointer', () => {
  it('finds nothing in texts without a repeated name in one object', () => {
    expect(duplicateKeyPointer('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}')).toBeUndefined();
    expect(duplicateKeyPointer('[1,"a","a",{"a":"a"}]')).toBeUndefined();
    expect(duplicateKeyPointer('"x"')).toBeUndefined();
    expect(duplicateKeyPointer('{}')).toBeUndefined();
  });

  it('names the repeated member with a JSON Pointer, at any depth', () => {
    expect(duplicateKeyPointer('{"votersVoted":900,"x":1,"votersVoted":9000}')).toBe('/votersVoted');
    expect(duplicateKeyPointer('{"candidateVotes":{"A":1,"B":2,"A":3}}')).toBe('/candidateVotes/A');
    expect(duplicateKeyPointer('{"items":[{"a":1},{"b":1,"b":2}]}')).toBe('/items/1/b');
  });

  it('compares decoded names and escapes the pointer', () => {
    expect(duplicateKeyPointer('{"a":1,"\\u0061":2}')).toBe('/a');
    expect(duplicateKeyPointer('{"a/b~":1,"a/b~":2}')).toBe('/a~1b~0');
  });

  it('is not misled by quotes, braces and commas inside strings', () => {
    expect(duplicateKeyPointer('{"a":"\\",\\"a\\":{","b":"}],{"}')).toBeUndefined();
    expect(duplicateKeyPointer('{"a\\"":1,"a":2}')).toBeUndefined();
  });

  it('walks deep nesting without recursion', () => {
    const deep = `${'['.repeat(100_000)}{"a":1,"a":2}${']'.repeat(100_000)}`;
    expect(duplicateKeyPointer(deep)).toBe(`${'/0'.repeat(100_000)}/a`);
  });

  it('agrees with JSON.parse: a text without duplicates round-trips, one with a copied name is found', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(duplicateKeyPointer(text)).toBeUndefined();
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          const [name] = Object.keys(value);
          if (name !== undefined) {
            const doubled = `${text.slice(0, -1)},${JSON.stringify(name)}:0}`;
            expect(duplicateKeyPointer(doubled)).toBe(`/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`);
          }
        }
      }),
    );
  });
});
