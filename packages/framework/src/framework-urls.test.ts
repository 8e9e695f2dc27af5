import { describe, expect, it } from 'vitest';
import { frameworkUrl, levelUrl, statementUrl } from './framework-urls.js';

const framework = { id: '41-3031.00', version: 'v.26.05' };

describe('framework URLs', () => {
  it('builds the framework URL', () => {
    expect(frameworkUrl('https://attain.example', framework)).toBe(
      'https://attain.example/frameworks/41-3031.00/v.26.05',
    );
  });

  it('builds level and statement URLs', () => {
    expect(levelUrl('https://attain.example', framework, 'emerging')).toBe(
      'https://attain.example/frameworks/41-3031.00/v.26.05/levels/emerging',
    );
    expect(statementUrl('https://attain.example', framework, 'advanced-10')).toBe(
      'https://attain.example/frameworks/41-3031.00/v.26.05/statements/advanced-10',
    );
  });

  it('encodes each segment', () => {
    expect(statementUrl('https://attain.example/api', { id: 'a/b', version: 'v 2?' }, 'x#1')).toBe(
      'https://attain.example/api/frameworks/a%2Fb/v%202%3F/statements/x%231',
    );
  });

  it('tolerates a trailing slash on the base URL', () => {
    expect(frameworkUrl('https://attain.example/', framework)).toBe(
      'https://attain.example/frameworks/41-3031.00/v.26.05',
    );
  });
});
