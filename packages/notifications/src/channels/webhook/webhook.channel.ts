import { classifyDeliveryError } from '../../classify-delivery-error.js';
import type { DeliveryChannel } from '../../delivery-channel.js';
import { DeliveryError } from '../../delivery-error.js';
import { postWebhook } from '../../post-webhook.js';

/**
 * `webhook`: a signed `credential.issued` event POSTed to the LMS client that sent the evidence.
 * Applies when that client has a webhook URL; the delivery is bound to the client, and carries no
 * e-mail address (the LMS knows the agent by its own user id).
 */
export const webhookChannel: DeliveryChannel = {
  name: 'webhook',
  appliesTo(recipient) {
    const client = recipient.lmsClient;
    return client?.webhookUrl == null ? undefined : { lmsClientId: client.id };
  },
  async deliver(notice, services) {
    const client = notice.lmsClient;
    if (client?.webhookUrl == null)
      throw new DeliveryError('the LMS client has no webhook any more', { permanent: true });
    await postWebhook({
      url: client.webhookUrl,
      secret: services.openSecret(client.hmacSecretSealed),
      event: {
        id: notice.deliveryId,
        type: 'credential.issued',
        createdAt: notice.credential.issuedAt.toISOString(),
        data: {
          credentialId: notice.credential.id,
          credentialUrl: notice.credential.credentialUrl,
          badgeUrl: notice.credential.badgeUrl,
          lmsUserId: notice.agent.lmsUserId,
          framework: notice.achievement.frameworkId,
          version: notice.achievement.version,
          level: notice.achievement.levelKey,
          validUntil: notice.credential.validUntil?.toISOString() ?? null,
        },
      },
      now: services.now,
    });
  },
  classify: classifyDeliveryError,
};
