import type { Caller, Reply, Responder } from '../../src/chat/types.ts';

/** One call an adapter received, in order. */
export type ResponderCall =
  | { kind: 'defer'; ephemeral?: boolean }
  | { kind: 'reply' | 'edit' | 'followUp'; reply: Reply }
  | { kind: 'progress'; fraction: number; text: string };

/** A Responder that records every call, checking the contract adapters rely on as it goes. */
export class FakeResponder implements Responder {
  readonly calls: ResponderCall[] = [];
  readonly violations: string[] = [];
  private answered = false;

  async defer(options?: { ephemeral?: boolean }): Promise<void> {
    if (this.answered) this.violations.push('defer after the first answer');
    this.answered = true;
    this.calls.push({ kind: 'defer', ephemeral: options?.ephemeral });
  }
  async reply(reply: Reply): Promise<void> {
    if (this.answered) this.violations.push('reply after the first answer');
    this.answered = true;
    this.calls.push({ kind: 'reply', reply });
  }
  async edit(reply: Reply): Promise<void> {
    if (!this.answered) this.violations.push('edit before defer/reply');
    this.calls.push({ kind: 'edit', reply });
  }
  async followUp(reply: Reply): Promise<void> {
    if (!this.answered) this.violations.push('followUp before defer/reply');
    this.calls.push({ kind: 'followUp', reply });
  }
  async progress(fraction: number, text: string): Promise<void> {
    if (!this.answered) this.violations.push('progress before defer/reply');
    this.calls.push({ kind: 'progress', fraction, text });
  }

  /** The answer a user finally sees: the last reply or edit. */
  get final(): Reply | undefined {
    const last = [...this.calls].reverse().find((c) => c.kind === 'reply' || c.kind === 'edit');
    return last && 'reply' in last ? last.reply : undefined;
  }
  get progressCalls(): { fraction: number; text: string }[] {
    return this.calls.filter((c): c is Extract<ResponderCall, { kind: 'progress' }> => c.kind === 'progress');
  }
}

/** A caller for tests. */
export function testCaller(overrides: Partial<Caller> = {}): Caller {
  return { platform: 'test', userId: 'u1', displayName: 'Ada', channelId: 'c1', isLecturer: false, ...overrides };
}
