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
    warn: (...msg: unknown[]) => child.warn(format(msg)),
    error: (...msg: unknown[]) => child.error(format(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
