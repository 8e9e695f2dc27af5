import { describe, expect, it } from 'vitest';
import { findLeaks } from './chaos-run.js';

describe('the log leak scan', () => {
  const secrets = { 'admin token': ['tok-0123456789abcdef'], 'short value': ['abc'] };

  it('names each line that holds a secret or an e-mail address', () => {
    const logs = [
      '{"level":30,"msg":"credential issued","credentialId":"urn:uuid:1"}',
      '{"level":50,"msg":"auth failed","header":"Bearer tok-0123456789abcdef"}',
      '{"level":30,"msg":"sent","to":"Dana.Agent+x@brokerage.example.com"}',
    ].join('\n');
    expect(findLeaks(logs, secrets)).toEqual([
      { kind: 'admin token', line: expect.stringContaining('Bearer tok-') as string },
      { kind: 'e-mail address', line: expect.stringContaining('Dana.Agent') as string },
    ]);
  });

  it('ignores values too short to be told from ordinary text, and clean logs', () => {
    expect(findLeaks('{"msg":"abc def","did":"did:web:attain.example"}', secrets)).toEqual([]);
  });
});
