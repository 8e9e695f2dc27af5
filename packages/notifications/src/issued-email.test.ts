import { describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.js';
import { issuedEmail, type IssuedEmailInput } from './issued-email.js';

const input: IssuedEmailInput = {
  agentName: 'Dana Reyes',
  to: 'dana@agents.example',
  levelLabel: 'Level 2 Practitioner',
  frameworkTitle: 'Securities Sales Competency Framework',
  issuerName: 'Acme Securities Academy',
  badgeUrl: 'https://attain.example/badges/cred-42',
  credentialJsonUrl: 'https://attain.example/credentials/cred-42.json',
  validUntil: new Date('2027-06-15T00:00:00Z'),
};

describe('issuedEmail', () => {
  it('writes the subject, both parts and both links', () => {
    const email = issuedEmail(input);
    expect(email.to).toBe('dana@agents.example');
    expect(email.subject).toBe('Your Level 2 Practitioner badge for Securities Sales Competency Framework is ready');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Dana Reyes');
      expect(part).toContain('Acme Securities Academy');
      expect(part).toContain('https://attain.example/badges/cred-42');
      expect(part).toContain('https://attain.example/credentials/cred-42.json');
      expect(part).toContain('It is valid until 15 June 2027.');
    }
    expect(email.text).toContain('View your badge: https://attain.example/badges/cred-42');
    expect(email.html).toMatch(
      /<a href="https:\/\/attain\.example\/badges\/cred-42" style="[^"]*">View your badge<\/a>/,
    );
    expect(email.html).not.toMatch(/<table|<img/i);
  });

  it('says when a credential does not expire', () => {
    const email = issuedEmail({ ...input, validUntil: null });
    expect(email.text).toContain('It does not expire.');
    expect(email.html).toContain('It does not expire.');
  });

  it('escapes every value in the HTML part', () => {
    const email = issuedEmail({
      ...input,
      agentName: '<script>alert(1)</script>',
      issuerName: 'Smith & "Sons"',
      levelLabel: "O'Brien <b>",
      badgeUrl: 'https://attain.example/b?a=1&b="><script>',
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(email.html).toContain('Smith &amp; &quot;Sons&quot;');
    expect(email.html).toContain('O&#39;Brien &lt;b&gt;');
    expect(email.html).toContain('href="https://attain.example/b?a=1&amp;b=&quot;&gt;&lt;script&gt;"');
    expect(email.text).toContain('Hello <script>alert(1)</script>,');
  });

  it('keeps the subject on one line', () => {
    const email = issuedEmail({ ...input, levelLabel: 'Level 2\r\nBcc: someone@evil.example' });
    expect(email.subject).toBe(
      'Your Level 2 Bcc: someone@evil.example badge for Securities Sales Competency Framework is ready',
    );
  });

  it('refuses links that are not http(s), permanently', () => {
    const attempt = () => issuedEmail({ ...input, badgeUrl: 'javascript:alert(1)' });
    expect(attempt).toThrow(DeliveryError);
    expect(attempt).toThrow(/badgeUrl/);
    try {
      issuedEmail({ ...input, credentialJsonUrl: 'not a url' });
      expect.unreachable();
    } catch (error) {
      expect((error as DeliveryError).permanent).toBe(true);
    }
  });
});
