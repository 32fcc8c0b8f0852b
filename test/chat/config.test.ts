import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { DEFAULT_LIMITS } from '../../src/chat/limits.ts';

describe('loadConfig', () => {
  it('starts only the local web chat on 127.0.0.1:3000 when no tokens are set', () => {
    const config = loadConfig({});
    expect(config.local).toMatchObject({ enabled: true, host: '127.0.0.1', port: 3000, lecturerKey: undefined, apiToken: undefined, allowedHosts: [] });
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
    expect(config.limits).toEqual(DEFAULT_LIMITS);
  });

  it('turns the local chat off when a platform is configured, unless asked for', () => {
    const discord = loadConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123' });
    expect(discord.local.enabled).toBe(false);
    expect(discord.discord).toMatchObject({ token: 't', clientId: '123' });
    expect(loadConfig({ DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '1', LOCAL_CHAT_ENABLED: 'true' }).local.enabled).toBe(true);
  });

  it('reads Slack settings, lecturer ids and limits from the environment', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb', SLACK_APP_TOKEN: 'xapp', SLACK_LECTURER_IDS: 'U1, U2', MAX_EPOCHS: '500', LOCAL_CHAT_PORT: '8080' });
    expect(config.slack).toMatchObject({ botToken: 'xoxb', appToken: 'xapp', lecturerUserIds: ['U1', 'U2'] });
    expect(config.limits.maxEpochs).toBe(500);
    expect(config.local.port).toBe(8080);
  });

  it('fails fast naming every bad variable and what it accepts', () => {
    let message = '';
    try {
      loadConfig({ LOCAL_CHAT_PORT: 'http', MAX_LAYERS: '99', LOCAL_CHAT_ENABLED: 'maybe' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/LOCAL_CHAT_PORT: must be a whole number from 0 to 65535/);
    expect(message).toMatch(/MAX_LAYERS: must be a whole number from 0 to 10/);
    expect(message).toMatch(/LOCAL_CHAT_ENABLED: must be true or false/);
  });

  it('says which partner variable is missing for Discord and Slack', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 't' })).toThrow(/DISCORD_CLIENT_ID: required when DISCORD_TOKEN is set/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'x' })).toThrow(/SLACK_APP_TOKEN or SLACK_SIGNING_SECRET/);
  });

  it('reads the web chat\'s token, allowed hosts, rate limits, log format and shutdown grace; refuses a short token', () => {
    const config = loadConfig({
      LOCAL_CHAT_API_TOKEN: 'a-long-enough-token-123', LOCAL_CHAT_ALLOWED_HOSTS: 'chat.school.example, 10.0.0.5',
      LOCAL_CHAT_COMMANDS_PER_MINUTE: '5', LOG_FORMAT: 'json', SHUTDOWN_GRACE_MS: '2500',
    });
    expect(config.local).toMatchObject({ apiToken: 'a-long-enough-token-123', allowedHosts: ['chat.school.example', '10.0.0.5'], commandsPerMinute: 5, chatLinesPerMinute: 30 });
    expect(config.logFormat).toBe('json');
    expect(config.shutdownGraceMs).toBe(2500);
    expect(loadConfig({}).shutdownGraceMs).toBe(10_000);
    expect(() => loadConfig({ LOCAL_CHAT_API_TOKEN: 'short' })).toThrow(/LOCAL_CHAT_API_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ LOG_FORMAT: 'fancy' })).toThrow(/LOG_FORMAT/);
  });
});
