import { classifyDeliveryError } from '../../classify-delivery-error.js';
import type { DeliveryChannel } from '../../delivery-channel.js';
import { DeliveryError } from '../../delivery-error.js';
import { issuedEmail } from '../../issued-email.js';

/**
 * `email`: tells the agent, at the address the credential was issued to, with links to the badge
 * page and the credential. Applies only when SMTP is configured and the agent is identified by e-mail.
 */
export const emailChannel: DeliveryChannel = {
  name: 'email',
  appliesTo(recipient, services) {
    if (services.mailer === undefined || recipient.identityType !== 'emailAddress') return undefined;
    return { lmsClientId: null };
  },
  async deliver(notice, services) {
    // SMTP may be configured again later: the delivery waits for it rather than dying.
    if (services.mailer === undefined)
      throw new DeliveryError('no SMTP server is configured (SMTP_URL)', { permanent: false });
    if (notice.agent.email === null) throw new DeliveryError('the agent has no e-mail address', { permanent: true });
    await services.mailer.send(
      issuedEmail({
        agentName: notice.agent.name,
        to: notice.agent.email,
        levelLabel: notice.achievement.levelLabel,
        frameworkTitle: notice.achievement.frameworkTitle,
        issuerName: notice.credential.issuerName,
        badgeUrl: notice.credential.badgeUrl,
        credentialJsonUrl: notice.credential.credentialJsonUrl,
        validUntil: notice.credential.validUntil,
      }),
    );
  },
  classify: classifyDeliveryError,
};
