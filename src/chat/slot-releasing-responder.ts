import { logger } from './logger.ts';
import type { Reply, Responder } from './types.ts';

/**
 * Wraps an adapter's Responder so that platform I/O never holds a worker slot: `beforeAnswer`
 * (the lease's release) runs before every answer is sent, and progress updates are sent in the
 * background (one at a time; an update arriving while one is on its way is dropped) so a slow
 * platform cannot stall a running job. Answers wait for the update on its way, keeping the order.
 */
export class SlotReleasingResponder implements Responder {
  /** Called before each reply, edit or follow-up (the router sets it to release the job slot). */
  beforeAnswer: () => void = () => undefined;
  private progressOnItsWay: Promise<void> | undefined;

  constructor(private readonly inner: Responder) {}

  defer(options?: { ephemeral?: boolean }): Promise<void> {
    return this.inner.defer(options);
  }

  async reply(reply: Reply): Promise<void> {
    await this.answerWith(() => this.inner.reply(reply));
  }

  async edit(reply: Reply): Promise<void> {
    await this.answerWith(() => this.inner.edit(reply));
  }

  async followUp(reply: Reply): Promise<void> {
    await this.answerWith(() => this.inner.followUp(reply));
  }

  progress(fraction: number, text: string): Promise<void> {
    if (this.progressOnItsWay) return Promise.resolve();
    this.progressOnItsWay = this.inner
      .progress(fraction, text)
      .catch((error: unknown) => logger.debug({ err: error }, 'a progress update could not be delivered'))
      .finally(() => (this.progressOnItsWay = undefined));
    return Promise.resolve();
  }

  private async answerWith(send: () => Promise<void>): Promise<void> {
    this.beforeAnswer();
    await this.progressOnItsWay;
    await send();
  }
}
