import {
  completeOutbox,
  enqueueOutbox,
  findBadge,
  findDelivery,
  findLmsClient,
  markAttemptFailed,
  markDelivered,
  reviveDelivery,
  type Db,
  type Delivery,
  type OutboxItem,
} from '@attain/db';
import {
  classifyDeliveryError,
  DeliveryError,
  retryDelayMs,
  type ChannelServices,
  type FailureVerdict,
  type IssuedCredentialNotice,
} from '@attain/notifications';
import { work, type JobHandler, type OutboxWork } from '@attain/queue';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * notify.deliver: sends one announcement of an issued credential on the channel its delivery names
 * (e-mail to the agent, a signed webhook to the LMS client: see `@attain/notifications`). A failure
 * the channel classifies as transient is tried again later (exponential backoff with jitter, up to
 * the configured attempts); any other, or the last attempt, moves it to the dead-letter list, as
 * does a channel that is not registered. Issuance never waits for this and is never undone by it.
 */
export function createDeliverNotificationProcessor(deps: PipelineDeps): JobHandler<'notify.deliver'> {
  return async (data) => {
    const delivery = await findDelivery(deps.db, data.deliveryId);
    if (delivery?.status !== 'pending') {
      await completeOutbox(deps.db, data.outboxId, data.generation);
      return;
    }
    const now = deps.now();
    // Until the channel itself runs, failures are the worker's own (an unknown channel, a vanished credential).
    let classify: (error: unknown) => FailureVerdict = classifyDeliveryError;
    try {
      const channel = deps.notifications.channels.get(delivery.channel);
      const notice = await noticeFor(deps, delivery);
      classify = (error) => channel.classify(error);
      await channel.deliver(notice, channelServices(deps));
    } catch (error) {
      const attempt = delivery.attempts + 1;
      const dead = classify(error) === 'dead' || attempt >= deps.notifications.maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      await deps.db.transaction().execute(async (trx) => {
        await markAttemptFailed(trx, delivery.id, { error: message, dead, at: now });
        if (dead) {
          await completeOutbox(trx, data.outboxId, data.generation);
          return;
        }
        // Re-requested for later: the row stays (a new generation), and the relay re-drives it then.
        const delay = retryDelayMs(attempt, deps.notifications.retryBaseMs);
        await enqueueOutbox(trx, [deliveryWork(delivery.id)], new Date(now.getTime() + delay));
      });
      deps.logger.warn(
        { deliveryId: delivery.id, channel: delivery.channel, attempt, dead, err: message },
        dead ? 'delivery given up (dead-letter list)' : 'delivery failed; will retry',
      );
      return;
    }
    await deps.db.transaction().execute(async (trx) => {
      await markDelivered(trx, delivery.id, now);
      await completeOutbox(trx, data.outboxId, data.generation);
    });
    deps.logger.info({ deliveryId: delivery.id, channel: delivery.channel }, 'delivered');
  };
}

export function deliveryWork(deliveryId: string): OutboxWork<'notify.deliver'> {
  return work('notify.deliver', { deliveryId });
}

/** What the worker lends a channel. */
export function channelServices(deps: PipelineDeps): ChannelServices {
  return { mailer: deps.notifications.mailer, openSecret: deps.notifications.openSecret, now: deps.now };
}

/** The issued credential, its agent and the LMS client the delivery is bound to, as every channel sees them. */
async function noticeFor(deps: PipelineDeps, delivery: Delivery): Promise<IssuedCredentialNotice> {
  const badge = await findBadge(deps.db, delivery.credentialId);
  if (badge === undefined) throw new DeliveryError(`credential ${delivery.credentialId} is gone`, { permanent: true });
  const client = delivery.lmsClientId === null ? undefined : await findLmsClient(deps.db, delivery.lmsClientId);
  const document = badge.credential.document;
  const issuer = document.issuer as { name?: string };
  const badgeUrl = `${deps.publicUrl}/badges/${badge.credential.id}`;
  return {
    deliveryId: delivery.id,
    credential: {
      id: document.id as string,
      issuedAt: badge.credential.issuedAt,
      validUntil: badge.credential.validUntil,
      issuerName: issuer.name ?? 'Attain',
      credentialUrl: `${deps.publicUrl}/credentials/${badge.credential.id}`,
      badgeUrl,
      credentialJsonUrl: `${badgeUrl}/credential.json`,
    },
    agent: { name: badge.learnerName, email: badge.learnerEmail, lmsUserId: badge.lmsUserId },
    achievement: {
      frameworkId: badge.frameworkId,
      frameworkTitle: badge.frameworkTitle,
      version: badge.version,
      levelKey: badge.levelKey,
      levelLabel: badge.levelLabel,
    },
    lmsClient:
      client === undefined
        ? undefined
        : { id: client.id, webhookUrl: client.webhookUrl, hmacSecretSealed: client.hmacSecretSealed },
  };
}

/** Puts a dead delivery back in line; undefined unless it was dead. The caller dispatches the work. */
export async function retryDeadDelivery(db: Db, id: string, at: Date): Promise<OutboxItem[] | undefined> {
  return db.transaction().execute(async (trx) => {
    if (!(await reviveDelivery(trx, id, at))) return undefined;
    return enqueueOutbox(trx, [deliveryWork(id)], at);
  });
}
