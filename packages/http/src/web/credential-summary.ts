/** What a credential says it stands for, read from its JSON (any issuer's), for people. */
export interface CredentialSummary {
  name?: string;
  issuer?: string;
  framework?: string;
  validFrom?: string;
  validUntil?: string;
  statements: { code: string; text: string; url?: string }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function summarise(credential: unknown): CredentialSummary | undefined {
  if (!isRecord(credential)) return undefined;
  const issuer = isRecord(credential.issuer) ? credential.issuer : undefined;
  const subject = isRecord(credential.credentialSubject) ? credential.credentialSubject : undefined;
  const achievement = subject !== undefined && isRecord(subject.achievement) ? subject.achievement : undefined;
  const alignment: unknown[] =
    achievement !== undefined && Array.isArray(achievement.alignment) ? achievement.alignment : [];
  const statements = alignment.filter(isRecord).map((a) => ({
    code: str(a.targetCode) ?? '',
    text: str(a.targetDescription) ?? str(a.targetName) ?? '',
    ...(str(a.targetUrl) === undefined ? {} : { url: str(a.targetUrl) }),
  }));
  const framework = alignment
    .filter(isRecord)
    .map((a) => str(a.targetFramework))
    .find((f) => f !== undefined);
  const summary: CredentialSummary = { statements };
  const fields: [keyof CredentialSummary, string | undefined][] = [
    ['name', str(credential.name) ?? str(achievement?.name)],
    ['issuer', str(issuer?.name) ?? str(issuer?.id) ?? str(credential.issuer)],
    ['framework', framework],
    ['validFrom', str(credential.validFrom) ?? str(credential.issuanceDate)],
    ['validUntil', str(credential.validUntil) ?? str(credential.expirationDate)],
  ];
  for (const [key, value] of fields) if (value !== undefined) Object.assign(summary, { [key]: value });
  return summary;
}
