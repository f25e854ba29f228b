// The levels LOG_LEVEL may name: pino's. A module of its own so that lib/config.ts can check LOG_LEVEL without
// loading the logger.
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
