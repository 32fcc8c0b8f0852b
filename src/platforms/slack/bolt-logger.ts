import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { logger } from '../../chat/logger.ts';

/** Bolt logs through the tutor's pino logger, so Slack lines look like every other line. */
export function createBoltLogger(): BoltLogger {
  const child = logger.child({ platform: 'slack' });
  let level = LogLevel.INFO;
  const format = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(format(msg)),
    info: (...msg: unknown[]) => child.info(format(msg)),
    // The Web API client warns about every failed attempt; the failure itself reaches our own log
    // once, with context (start-up: "cannot reach…"; a command: its error), so these are detail.
    warn: (...msg: unknown[]) => {
      const text = format(msg);
      if (/^http request failed/.test(text)) child.debug(text);
      else child.warn(text);
    },
    error: (...msg: unknown[]) => child.error(format(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
