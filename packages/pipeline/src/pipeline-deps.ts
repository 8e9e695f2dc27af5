import type { Logger } from '@attain/config';
import type { Db } from '@attain/db';
import type { Outbox, WorkItem } from '@attain/queue';
import type { DeliveryChannelRegistry, Mailer } from '@attain/notifications';
import type { IssuerRegistry, StatusLists } from '@attain/runtime';

/** What the processors need, passed in by the wiring (no globals, time included). */
export interface PipelineDeps {
  db: Db;
  logger: Logger;
  /** Puts committed work on its queue; failures are tolerated (the relay re-drives). */
  outbox: Outbox;
  /** Puts overdue work on its queue again, retrying jobs that already finished. */
  redrive: (items: readonly WorkItem[]) => Promise<void>;
  /** Every issuer; a credential is signed by the one its framework is assigned to. */
  issuers: IssuerRegistry;
  publicUrl: string;
  statusLists: StatusLists;
  /** Status entries for new credentials: list length, and whether suspension is enabled. */
  status: { listLength: number; suspension: boolean };
  notifications: {
    /** Undefined without SMTP_URL: no e-mail deliveries are created then. */
    mailer: Mailer | undefined;
    retryBaseMs: number;
    maxAttempts: number;
    /** Opens an LMS client's sealed HMAC secret, which signs its webhooks. */
    openSecret: (sealed: string) => string;
    /** The delivery channels: which apply at issue time, and how each delivery is sent. */
    channels: DeliveryChannelRegistry;
  };
  /** How long committed work may wait for its job before the relay re-drives it. */
  retryAfterMs: number;
  now: () => Date;
}

export function dispatchAfter(deps: PipelineDeps): Date {
  return new Date(deps.now().getTime() + deps.retryAfterMs);
}
