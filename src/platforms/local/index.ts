/** The local web chat adapter: `startLocalChat(options, { commands })`. */
export { startLocalChat, type LocalChatOptions, type LocalChatServer } from './server.ts';
export { parseCommandText, tokenize } from './parse-command.ts';
export { DEFAULT_RATE_LIMITS, type LocalChatRateLimits } from './server.ts';
export { perMinute } from './rate-limit.ts';
export { deriveLecturerKey, readOrCreateSessionSecret } from './session.ts';
