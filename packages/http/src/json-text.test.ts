import { describe, expect, it } from 'vitest';
import { findJsonTextProblem, MAX_JSON_DEPTH } from './json-text.js';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('findJsonTextProblem', () => {
  it('passes ordinary JSON, paired surrogates and JSON as deep as allowed', () => {
    expect(findJsonTextProblem({ a: ['x', 1, null, { 'é/~': '🙂 漢字' }] })).toBeUndefined();
    expect(findJsonTextProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
  });

  it('names the value holding U+0000 or an unpaired surrogate', () => {
    expect(findJsonTextProblem({ a: [{ b: 'x\u0000' }] })).toMatchObject({ code: 'invalid_text', pointer: '/a/0/b' });
    for (const text of ['\ud800', 'a\udfff', '\udc00\ud800', 'x\ud83d']) {
      expect(findJsonTextProblem({ 'a/b': text })).toMatchObject({ code: 'invalid_text', pointer: '/a~1b' });
    }
  });

  it('names the object whose property name cannot be stored', () => {
    expect(findJsonTextProblem({ a: { 'b\u0000': 1 } })).toMatchObject({ code: 'invalid_text', pointer: '/a' });
  });

  it('refuses JSON nested deeper than allowed, however deep, without recursing', () => {
    expect(findJsonTextProblem(nested(MAX_JSON_DEPTH + 1))).toMatchObject({ code: 'too_deep' });
    expect(findJsonTextProblem({ a: nested(200_000) })).toMatchObject({ code: 'too_deep' });
  });
});
