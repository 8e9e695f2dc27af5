import type { Mailer } from './mailer.js';

/**
 * What the delivery worker lends every channel: the transports and secrets it holds, and the
 * clock. A channel reaches nothing else, so this package needs no database and no queue.
 */
export interface ChannelServices {
  /** Undefined without SMTP_URL. */
  mailer: Mailer | undefined;
  /** Opens an LMS client's sealed HMAC secret (it signs that client's webhooks). */
  openSecret: (sealed: string) => string;
  now: () => Date;
}

/** The agent a credential was just issued to, as a channel sees them when deciding whether it applies. */
export interface IssuedRecipient {
  /** How the credential identifies the agent: `emailAddress` when by an e-mail address. */
  identityType: string;
  /** The LMS client that sent the agent's evidence; undefined when it is not known. */
  lmsClient: { id: string; webhookUrl: string | null } | undefined;
}

/** A channel applies: its delivery is recorded, bound to this LMS client (null: to none). */
export interface DeliveryTarget {
  lmsClientId: string | null;
}

/** Everything a channel may say about one issued credential, loaded by the worker for one delivery. */
export interface IssuedCredentialNotice {
  /** Stable across retries: a receiver de-duplicates on it. */
  deliveryId: string;
  credential: {
    /** The credential's own id (`urn:uuid:…`). */
    id: string;
    issuedAt: Date;
    validUntil: Date | null;
    issuerName: string;
    credentialUrl: string;
    badgeUrl: string;
    credentialJsonUrl: string;
  };
  agent: {
    name: string;
    /** Private: only when the agent is identified by e-mail, and never sent to an LMS. */
    email: string | null;
    lmsUserId: string;
  };
  achievement: { frameworkId: string; frameworkTitle: string; version: string; levelKey: string; levelLabel: string };
  /** The LMS client the delivery is bound to; undefined when bound to none, or when that client is gone. */
  lmsClient: { id: string; webhookUrl: string | null; hmacSecretSealed: string } | undefined;
}

/** What a failed attempt leads to: another attempt later, or the dead-letter list now. */
export type FailureVerdict = 'retry' | 'dead';

/**
 * One way of announcing an issued credential. Each implementation lives in its own folder under
 * `channels/` and is registered once in `channels/delivery-channels.ts`; its `name` is what the
 * `deliveries.channel` column holds, so it must never change once deliveries exist.
 */
export interface DeliveryChannel {
  /** Lower-case letters, digits and dashes (`email`, `webhook`, `wallet-pickup`). */
  readonly name: string;
  /** At issue time, in the issuing transaction: whether this credential is announced here, and bound to what. */
  appliesTo(recipient: IssuedRecipient, services: ChannelServices): DeliveryTarget | undefined;
  /** Builds and sends the delivery; resolves once it is accepted, otherwise throws (a `DeliveryError` ideally). */
  deliver(notice: IssuedCredentialNotice, services: ChannelServices): Promise<void>;
  /** Whether a failure of `deliver` can pass on a later attempt. The worker still stops at the last attempt. */
  classify(error: unknown): FailureVerdict;
}
