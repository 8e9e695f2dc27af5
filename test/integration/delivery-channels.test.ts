import { createDeliveries, findDelivery } from '@attain/db';
import {
  classifyDeliveryError,
  createDeliveryChannelRegistry,
  DELIVERY_CHANNELS,
  type DeliveryChannel,
  type IssuedCredentialNotice,
} from '@attain/notifications';
import { createDeliverNotificationProcessor, pipelineDeps } from '@attain/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient } from '../support/test-system.js';

/** Delivery channels are open: the database stores any registered name, and the worker refuses the others. */
describe('delivery channels: the registry, not the database, decides which exist', () => {
  let system: TestSystem;
  let client: TestClient;
  let credentialId: string;
  const job = (deliveryId: string) => ({ deliveryId, outboxId: '00000000-0000-4000-8000-000000000000', generation: 1 });
  const record = (channel: string) =>
    system.db
      .transaction()
      .execute((trx) => createDeliveries(trx, credentialId, [{ channel, lmsClientId: null }]))
      .then(([id]) => id!);

  beforeAll(async () => {
    // No SMTP and no webhook: issuing creates no delivery of its own, so every one here is the test's.
    system = await TestSystem.start();
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
    await system.post(
      client,
      system.passingResults({ id: 'dc-1', email: 'dc-1@brokerage.example', name: 'Dee Cee' }).slice(0, 10),
    );
    await system.waitForCredentials(1);
    await system.stopWorkers();
    const [credential] = await system.credentialsOf('dc-1@brokerage.example');
    credentialId = (credential!.id as string).slice('urn:uuid:'.length);
  });
  afterAll(async () => {
    await system.close();
  });

  it('gives up at once on a delivery whose channel is not registered', async () => {
    const id = await record('sms');
    await createDeliverNotificationProcessor(pipelineDeps(system.runtime))(job(id), {} as never);
    expect(await findDelivery(system.db, id)).toMatchObject({
      channel: 'sms',
      status: 'dead',
      attempts: 1,
      lastError: "no delivery channel named 'sms' is registered (known: email, webhook)",
    });
  });

  it('sends on a channel added by registration alone, with the notice every channel sees', async () => {
    const sent: IssuedCredentialNotice[] = [];
    const walletPickup: DeliveryChannel = {
      name: 'wallet-pickup',
      appliesTo: () => ({ lmsClientId: null }),
      deliver: (notice) => {
        sent.push(notice);
        return Promise.resolve();
      },
      classify: classifyDeliveryError,
    };
    const deps = pipelineDeps(system.runtime);
    const channels = createDeliveryChannelRegistry([...DELIVERY_CHANNELS, walletPickup]);
    const id = await record('wallet-pickup');
    await createDeliverNotificationProcessor({ ...deps, notifications: { ...deps.notifications, channels } })(
      job(id),
      {} as never,
    );
    expect(await findDelivery(system.db, id)).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      deliveryId: id,
      credential: {
        id: `urn:uuid:${credentialId}`,
        badgeUrl: expect.stringMatching(new RegExp(`/badges/${credentialId}$`)) as unknown,
      },
      agent: { name: 'Dee Cee', email: 'dc-1@brokerage.example', lmsUserId: 'dc-1' },
      achievement: { levelKey: 'emerging', frameworkId: system.framework.id },
      lmsClient: undefined,
    });
  });
});
