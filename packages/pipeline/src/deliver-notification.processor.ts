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
import { DeliveryError, issuedEmail, postWebhook, retryDelayMs } from '@attain/notifications';
import { work, type JobHandler, type OutboxWork } from '@attain/queue';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * notify.deliver: e-mails the agent, or POSTs the signed webhook to the LMS client, for one issued
 * credential. A transient failure is tried again later (exponential backoff with jitter, up to the
 * configured attempts); a permanent one, or the last attempt, moves it to the dead-letter list.
 * Issuance never waits for this and is never undone by it.
 */
export function createDeliverNotificationProcessor(deps: PipelineDeps): JobHandler<'notify.deliver'> {
  return async (data) => {
    const delivery = await findDelivery(deps.db, data.deliveryId);
    if (delivery?.status !== 'pending') {
      await completeOutbox(deps.db, data.outboxId, data.generation);
      return;
    }
    const now = deps.now();
    try {
      await deliver(deps, delivery);
    } catch (error) {
      const permanent = !(error instanceof DeliveryError) || error.permanent;
      const attempt = delivery.attempts + 1;
      const dead = permanent || attempt >= deps.notifications.maxAttempts;
      const message = (error as Error).message;
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

async function deliver(deps: PipelineDeps, delivery: Delivery): Promise<void> {
  const badge = await findBadge(deps.db, delivery.credentialId);
  if (badge === undefined) throw new DeliveryError(`credential ${delivery.credentialId} is gone`, { permanent: true });
  const document = badge.credential.document;
  const issuer = document.issuer as { name?: string };
  const badgeUrl = `${deps.publicUrl}/badges/${badge.credential.id}`;
  if (delivery.channel === 'email') {
    const mailer = deps.notifications.mailer;
    if (mailer === undefined) throw new DeliveryError('no SMTP server is configured (SMTP_URL)', { permanent: false });
    if (badge.learnerEmail === null) throw new DeliveryError('the agent has no e-mail address', { permanent: true });
    await mailer.send(
      issuedEmail({
        agentName: badge.learnerName,
        to: badge.learnerEmail,
        levelLabel: badge.levelLabel,
        frameworkTitle: badge.frameworkTitle,
        issuerName: issuer.name ?? 'Attain',
        badgeUrl,
        credentialJsonUrl: `${badgeUrl}/credential.json`,
        validUntil: badge.credential.validUntil,
      }),
    );
    return;
  }
  const client = delivery.lmsClientId === null ? undefined : await findLmsClient(deps.db, delivery.lmsClientId);
  if (client?.webhookUrl == null)
    throw new DeliveryError('the LMS client has no webhook any more', { permanent: true });
  await postWebhook({
    url: client.webhookUrl,
    secret: deps.notifications.openSecret(client.hmacSecretSealed),
    event: {
      id: delivery.id,
      type: 'credential.issued',
      createdAt: badge.credential.issuedAt.toISOString(),
      data: {
        credentialId: document.id,
        credentialUrl: `${deps.publicUrl}/credentials/${badge.credential.id}`,
        badgeUrl,
        lmsUserId: badge.lmsUserId,
        framework: badge.frameworkId,
        version: badge.version,
        level: badge.levelKey,
        validUntil: badge.credential.validUntil?.toISOString() ?? null,
      },
    },
    now: deps.now,
  });
}

/** Puts a dead delivery back in line; undefined unless it was dead. The caller dispatches the work. */
export async function retryDeadDelivery(db: Db, id: string, at: Date): Promise<OutboxItem[] | undefined> {
  return db.transaction().execute(async (trx) => {
    if (!(await reviveDelivery(trx, id, at))) return undefined;
    return enqueueOutbox(trx, [deliveryWork(id)], at);
  });
}
