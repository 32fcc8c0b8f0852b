/**
 * The control relay over a private Redis: a click on state that another instance holds is applied
 * there and its outcome comes back; instances that do not hold it stay silent; with nobody holding
 * it the asking instance hears nothing and says so.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayedControl, RelayedOutcome } from '../../src/chat/control-relay.ts';
import { RedisControlRelay } from '../../src/chat/redis-control-relay.ts';
import { createRedisClient } from '../../src/jobs/bullmq/redis-connection.ts';
import { findRedisServer, startPrivateRedis, type PrivateRedis } from '../jobs/bullmq/redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED control-relay tests: redis-server could not be found (install the Debian package redis-server).');

const caller = { platform: 'slack' as const, userId: 'U0OWNER', displayName: 'owner', channelId: 'C0COURSE', isLecturer: false };
const click = (id: string, action = 'pause'): RelayedControl => ({ kind: 'live-view', id, action, values: [], caller });

describe.skipIf(!redisBinary)('control relay over Redis', () => {
  let redis: PrivateRedis;
  const clients: Redis[] = [];
  const relays: RedisControlRelay[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis(redisBinary!);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.close()));
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
    await redis?.stop();
  });

  /** One bot instance's relay; `apply` is what that instance does with a relayed click. */
  async function instance(apply: (control: RelayedControl) => Promise<RelayedOutcome | undefined>, waitMs = 2_000): Promise<RedisControlRelay> {
    const client = createRedisClient(redis.url, 'relay-test');
    clients.push(client);
    const relay = await new RedisControlRelay(client, { apply, waitMs }).start();
    relays.push(relay);
    return relay;
  }

  it('a click relayed from A → applied by the instance holding the view (B), not by C; its outcome comes back to A', async () => {
    const appliedOnB: RelayedControl[] = [];
    const appliedOnC: RelayedControl[] = [];
    const a = await instance(async () => undefined);
    await instance(async (control) => {
      if (control.id !== 'view-on-b') return undefined;
      appliedOnB.push(control);
      return { ok: true };
    });
    await instance(async (control) => { appliedOnC.push(control); return undefined; });
    expect(await a.forward(click('view-on-b', 'faster'))).toEqual({ ok: true });
    expect(appliedOnB).toEqual([click('view-on-b', 'faster')]);
    await expect.poll(() => appliedOnC.length).toBe(1); // C looked and stayed silent
  });

  it('the holder refuses (not the owner) → the refusal message comes back', async () => {
    const a = await instance(async () => undefined);
    await instance(async (control) => (control.id === 'view-strict' ? { ok: false, message: 'Only owner may control it.' } : undefined));
    expect(await a.forward(click('view-strict'))).toEqual({ ok: false, message: 'Only owner may control it.' });
  });

  it('applying fails on the holder → a short apology, not silence', async () => {
    const a = await instance(async () => undefined);
    await instance(async (control) => {
      if (control.id === 'view-broken') throw new Error('worker thread gone');
      return undefined;
    });
    expect(await a.forward(click('view-broken'))).toMatchObject({ ok: false, message: expect.stringMatching(/did not work/) });
  });

  it('no instance holds the view → undefined after the wait; an instance never answers its own relayed click', async () => {
    const lonely = await instance(async () => ({ ok: true }), 300);
    expect(await lonely.forward(click('view-nowhere'))).toBeUndefined();
  });
});
