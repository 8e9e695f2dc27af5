import type { StatusEntryRef } from './status-list.js';

/** Everything needed to award one framework level to one learner. */
export interface LevelCredentialInput {
  /** e.g. 'urn:uuid:…'; a correction reuses the id with a newer validFrom. */
  id: string;
  issuer: { id: string; name: string; url?: string; email?: string; image?: string };
  /** id like '41-3031.00', version like 'v.26.05'. */
  framework: { id: string; title: string; version: string; url: string };
  /** Statement codes like 'emerging-1'; statement urls are served by Attain. */
  level: {
    key: string;
    label: string;
    achievementId: string;
    description?: string;
    statements: { code: string; text: string; url: string }[];
  };
  /** All levels of the framework, lowest first. */
  levels: { key: string; label: string }[];
  /** Only the salted hash of the e-mail goes into the credential. */
  /**
   * Who the credential is for; only a salted hash goes in the credential. An e-mail by default;
   * learners known only by an LMS account (xAPI) are identified by `accountId`.
   */
  recipient: { email: string; salt: string } | { identityType: 'accountId'; identity: string; salt: string };
  evidence: { id: string; name: string; narrative?: string }[];
  /** The credential's own image, e.g. its baked badge; `caption` can point people at its page. */
  image?: { id: string; caption?: string };
  /** Bitstring Status List entries (revocation, and suspension where enabled). */
  status?: StatusEntryRef[];
  validFrom: Date;
  validUntil?: Date;
  awardedDate?: Date;
  /** Id of the framework's rubric (without fragment); by default ids are derived from the achievement id. */
  resultDescriptionBaseUrl?: string;
}
