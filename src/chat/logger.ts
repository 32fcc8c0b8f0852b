import { pino } from 'pino';

/** The process-wide structured logger (JSON lines on stderr); main.ts sets the level from config. */
export const logger = pino(
  { name: 'nn-tutor', level: process.env.VITEST ? 'silent' : 'info' },
  pino.destination(2),
);
