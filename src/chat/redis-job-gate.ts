import { randomUUID } from 'node:crypto';
import { BusyError, ServiceUnavailableError, UserError } from './errors.ts';
import { getLimits } from './limits.ts';
import { logger } from './logger.ts';
import type { AdmissionTicket, SharedJobGate } from './shared-job-gate.ts';

/** The Redis commands the gate needs (the job queue's connection provides them). */
export interface RedisCaller {
  call(...args: (string | number)[]): Promise<unknown>;
}

/** What the job queue knows about capacity: live worker threads and the measured job length. */
export interface QueueCapacity {
  liveWorkers(): Promise<{ workers: number; threads: number }>;
  typicalJobMs(): number;
}

const PREFIX = 'nn-tutor:admission';
const IN_FLIGHT_KEY = `${PREFIX}:in-flight`;

/**
 * Atomically: forget expired places, refuse when the user is at their limit (1) or the shared queue
 * is full (2), otherwise take a place in both sets (0). Times come from Redis's clock so instances
 * with skewed clocks agree; each place expires on its own, so a crashed instance cannot leak places.
 */
const ADMIT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local inFlight = redis.call('ZCARD', KEYS[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return {1, inFlight} end
if inFlight >= tonumber(ARGV[3]) then return {2, inFlight} end
local expires = now + tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], expires, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('ZADD', KEYS[2], expires, ARGV[1])
return {0, inFlight + 1}`;

function userKeyOf(userKey: string): string {
  return `${PREFIX}:user:${userKey}`;
}

/**
 * Per-user limit and queue bound held in Redis, so they hold across bot instances. The BullMQ queue
 * is the waiting room: an admitted job goes straight to it, and the bound keeps what waits there
 * finishable within one command budget (live worker threads × budget / typical job length, unless
 * MAX_QUEUED_JOBS sets it), as the in-process gate does with its threads.
 */
export class RedisJobGate implements SharedJobGate {
  constructor(private readonly redis: RedisCaller, private readonly capacity: QueueCapacity) {}

  /** Jobs that may be admitted across all instances right now (running + waiting). */
  async maxInFlight(): Promise<{ threads: number; maxInFlight: number }> {
    const { threads } = await this.capacity.liveWorkers();
    const limits = getLimits();
    const waiting = limits.maxQueuedJobs ?? Math.min(1000, Math.max(1, Math.floor((threads * limits.commandBudgetMs) / Math.max(250, this.capacity.typicalJobMs()))));
    return { threads, maxInFlight: threads + waiting };
  }

  async enter(userKey: string): Promise<AdmissionTicket> {
    try {
      return await this.tryEnter(userKey);
    } catch (error) {
      if (error instanceof UserError) throw error;
      logger.error({ err: error, userKey }, 'shared admission: Redis did not answer');
      throw new ServiceUnavailableError('The job queue cannot be reached right now, so runs cannot start. Please try again in a minute.', 60);
    }
  }

  private async tryEnter(userKey: string): Promise<AdmissionTicket> {
    const limits = getLimits();
    const { threads, maxInFlight } = await this.maxInFlight();
    if (threads === 0) {
      throw new ServiceUnavailableError('No training workers are connected right now, so runs cannot start. The operator needs to start `npm run worker`; please try again in a minute.', 60);
    }
    const ticketId = randomUUID();
    // A place outlives any command that holds it (budget + cancel grace), then expires by itself.
    const holdMs = limits.commandBudgetMs + 120_000;
    const [outcome, inFlight] = (await this.redis.call('EVAL', ADMIT_LUA, 2, userKeyOf(userKey), IN_FLIGHT_KEY, ticketId, limits.jobsPerUser, maxInFlight, holdMs)) as [number, number];
    if (outcome === 1) throw new UserError('You already have a run going (training or drawing). Wait for it to finish, then try again.');
    if (outcome === 2) {
      const seconds = Math.min(300, Math.max(1, Math.ceil((inFlight * this.capacity.typicalJobMs()) / threads / 1000)));
      throw new BusyError(
        `The tutor is busy with other people's runs right now (${inFlight - threads > 0 ? inFlight - threads : 0} waiting for ${threads} workers). Please try again in about ${seconds} s.`,
        seconds,
      );
    }
    return new RedisTicket(this.redis, userKeyOf(userKey), ticketId);
  }

  /** Jobs admitted and not yet released across all instances (GET /healthz). */
  async inFlight(): Promise<number> {
    return Number(await this.redis.call('ZCOUNT', IN_FLIGHT_KEY, Date.now(), '+inf'));
  }
}

/** A place in the shared count; the job waits for a worker in the BullMQ queue itself. */
class RedisTicket implements AdmissionTicket {
  private state: 'running' | 'done' = 'running';

  constructor(private readonly redis: RedisCaller, private readonly userSetKey: string, private readonly ticketId: string) {}

  get isRunning(): boolean {
    return this.state === 'running';
  }

  waitForSlot(signal: AbortSignal): Promise<void> {
    if (this.state === 'done') return Promise.reject(new Error('a released job ticket cannot wait for a slot'));
    signal.throwIfAborted();
    return Promise.resolve();
  }

  release(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    // Sent at once on the shared connection, so it reaches Redis before any answer the user could react to.
    void this.redis.call('ZREM', this.userSetKey, this.ticketId).catch(() => undefined);
    void this.redis.call('ZREM', IN_FLIGHT_KEY, this.ticketId).catch(() => undefined);
  }
}
