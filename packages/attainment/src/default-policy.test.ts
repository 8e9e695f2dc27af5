import { loadBundledFramework } from '@attain/framework';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './default-policy.js';
import { parsePolicy } from './parse-policy.js';

const framework = await loadBundledFramework();

describe('defaultPolicy', () => {
  it('requires every statement at 0.8, each level after the previous one', () => {
    expect(defaultPolicy(framework)).toEqual({
      version: 1,
      threshold: 0.8,
      levels: [
        { level: 'emerging', requires: null, minStatements: 'all' },
        { level: 'developing', requires: 'emerging', minStatements: 'all' },
        { level: 'proficient', requires: 'developing', minStatements: 'all' },
        { level: 'advanced', requires: 'proficient', minStatements: 'all' },
      ],
    });
  });

  it('passes its own validation', () => {
    expect(parsePolicy(defaultPolicy(framework), framework)).toEqual(defaultPolicy(framework));
  });
});
