/** DISCORD_SHARDS: unset, auto, a number, and bad values with a message saying what is allowed. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { identifySpacingMs } from '../../../src/platforms/discord/shard-plan.ts';
import { MAX_SHARD_PROCESSES, parseShardSetting, shardFromEnvironment } from '../../../src/platforms/discord/shard-setting.ts';

const discord = { DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123' };

/** The ConfigError message for this environment ('' when it loads). */
function configProblem(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('parseShardSetting', () => {
  it('unset or empty → no sharding (one connection, no manager)', () => {
    expect(parseShardSetting(undefined)).toBeUndefined();
    expect(parseShardSetting('')).toBeUndefined();
    expect(parseShardSetting('  ')).toBeUndefined();
  });

  it('auto (any case) → auto; a whole number from 1 to the maximum → that number', () => {
    expect(parseShardSetting('auto')).toBe('auto');
    expect(parseShardSetting(' AUTO ')).toBe('auto');
    expect(parseShardSetting('1')).toBe(1);
    expect(parseShardSetting('2')).toBe(2);
    expect(parseShardSetting(String(MAX_SHARD_PROCESSES))).toBe(MAX_SHARD_PROCESSES);
  });

  it.each(['0', '-2', '2.5', '1e2', 'two', 'auto,2', String(MAX_SHARD_PROCESSES + 1)])('"%s" → an error naming auto, the allowed range and the value given', (raw) => {
    expect(() => parseShardSetting(raw)).toThrow(new RegExp(`auto .*whole number of shard processes from 1 to ${MAX_SHARD_PROCESSES}.*\\(got "${raw.replace(/[.]/g, '\\.')}"\\)`));
  });
});

describe('DISCORD_SHARDS in loadConfig', () => {
  it('unset leaves config.discord without shards; auto and N come through', () => {
    expect(loadConfig(discord).discord).not.toHaveProperty('shards');
    expect(loadConfig({ ...discord, DISCORD_SHARDS: 'auto' }).discord?.shards).toBe('auto');
    expect(loadConfig({ ...discord, DISCORD_SHARDS: '4' }).discord?.shards).toBe(4);
  });

  it('a bad value fails start-up with the variable named and what it accepts', () => {
    expect(configProblem({ ...discord, DISCORD_SHARDS: 'lots' })).toMatch(/- DISCORD_SHARDS: must be auto \(Discord's recommendation\) or a whole number of shard processes from 1 to \d+; leave it unset.*\(got "lots"\)/);
  });

  it('without DISCORD_TOKEN, or with DISCORD_MODE=http (no gateway to shard), it is refused with the reason', () => {
    expect(configProblem({ DISCORD_SHARDS: '2' })).toMatch(/DISCORD_SHARDS: needs DISCORD_TOKEN/);
    expect(configProblem({ ...discord, DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: 'a'.repeat(64), DISCORD_SHARDS: '2' })).toMatch(/DISCORD_SHARDS: applies to the gateway only; with DISCORD_MODE=http run several instances behind a load balancer/);
  });
});

describe('identifySpacingMs', () => {
  it('one identify per 5 s per bucket: 5.5 s apart with max_concurrency 1, 16 times closer with 16', () => {
    expect(identifySpacingMs(1)).toBe(5500);
    expect(identifySpacingMs(16)).toBe(344);
    expect(identifySpacingMs(0)).toBe(5500);
  });
});

describe('shardFromEnvironment (what the ShardingManager hands a shard process)', () => {
  it('SHARDS and SHARD_COUNT → the shard; missing, out of range or not numbers → undefined (not started by the manager)', () => {
    expect(shardFromEnvironment({ SHARDS: '1', SHARD_COUNT: '2' })).toEqual({ id: 1, count: 2 });
    expect(shardFromEnvironment({ SHARDS: '0', SHARD_COUNT: '1' })).toEqual({ id: 0, count: 1 });
    expect(shardFromEnvironment({})).toBeUndefined();
    expect(shardFromEnvironment({ SHARDS: '2', SHARD_COUNT: '2' })).toBeUndefined();
    expect(shardFromEnvironment({ SHARDS: '[0]', SHARD_COUNT: '2' })).toBeUndefined();
    expect(shardFromEnvironment({ SHARDS: '0', SHARD_COUNT: 'x' })).toBeUndefined();
  });
});
