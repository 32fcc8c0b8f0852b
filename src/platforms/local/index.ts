/** The local web chat adapter: `startLocalChat(options, { commands })`. */
export { startLocalChat, type LocalChatOptions, type LocalChatServer } from './server.ts';
export { parseCommandText, tokenize } from './parse-command.ts';
