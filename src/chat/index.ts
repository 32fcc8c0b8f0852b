/** The platform-neutral chat layer: what adapters and commands import. */
export * from './types.ts';
export { defineCommand, validateCommandDef } from './define-command.ts';
export { UserError, BusyError, reportError, newErrorId } from './errors.ts';
export { parseOptions, buildOptionsSchema, normalizeOptionName, describeAllowed } from './options.ts';
export { loadCommands } from './registry.ts';
export { dispatchCommand, dispatchComponent, parseComponentId, cancelAllCommands } from './router.ts';
export { getLimits, setLimits, checkSpecLimits, DEFAULT_LIMITS, type Limits } from './limits.ts';
export { logger } from './logger.ts';
