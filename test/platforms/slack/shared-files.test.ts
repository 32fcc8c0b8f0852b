/** Naming a shared Slack file in a command, and the paste modal's request round trip. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/chat/errors.ts';
import { buildPasteModal, isPasteRequest, isSlackResponseUrl, pastedAttachment, readPasteSubmission, type PasteRequest } from '../../../src/platforms/slack/paste-modal.ts';
import { fileIdOf, isSharedIn } from '../../../src/platforms/slack/shared-files.ts';

describe('fileIdOf', () => {
  it('an F… id or a "Copy link to file" link → the id; a file name → none', () => {
    expect(fileIdOf('F07ABCDEF12')).toBe('F07ABCDEF12');
    expect(fileIdOf(' F07ABCDEF12 ')).toBe('F07ABCDEF12');
    expect(fileIdOf('https://fake-course.slack.com/files/U0STUDENT/F07ABCDEF12/moons.csv')).toBe('F07ABCDEF12');
    expect(fileIdOf('moons.csv')).toBeUndefined();
    expect(fileIdOf('Fun.csv')).toBeUndefined();
  });
});

describe('isSharedIn', () => {
  it('listed in channels, groups, ims or shares → true; shared only elsewhere → false', () => {
    expect(isSharedIn({ id: 'F1', channels: ['C1'] }, 'C1')).toBe(true);
    expect(isSharedIn({ id: 'F1', groups: ['G1'] }, 'G1')).toBe(true);
    expect(isSharedIn({ id: 'F1', ims: ['D1'] }, 'D1')).toBe(true);
    expect(isSharedIn({ id: 'F1', shares: { private: { G2: [] } } }, 'G2')).toBe(true);
    expect(isSharedIn({ id: 'F1', channels: ['C2'], shares: { public: { C2: [] } } }, 'C1')).toBe(false);
    expect(isSharedIn({ id: 'F1' }, 'C1')).toBe(false);
  });
});

describe('the paste modal', () => {
  const request: PasteRequest = { command: 'train', invokedAs: '/train', option: 'data', options: { activation: 'relu' }, channelId: 'C1', responseUrl: 'https://hooks.slack.com/commands/T1/1/abc' };

  it('carries the request in private_metadata and gives it back with the pasted text', () => {
    const view = buildPasteModal(request);
    expect(view.callback_id).toBe('nn-tutor:paste-data');
    const submitted = readPasteSubmission({ private_metadata: String(view.private_metadata), state: { values: { pasted_data: { csv: { value: 'x1,x2,label\n1,2,1' } } } } });
    expect(submitted).toEqual({ request, text: 'x1,x2,label\n1,2,1' });
    expect((view.submit as { text: string }).text).toBe('Run /train');
  });

  it('a command too long for private_metadata (3000 characters) → a UserError, not a refused views.open', () => {
    expect(() => buildPasteModal({ ...request, options: { note: 'x'.repeat(3000) } })).toThrow(UserError);
  });

  it('metadata that is not ours → no submission', () => {
    expect(readPasteSubmission({ private_metadata: 'not json' })).toBeUndefined();
    expect(readPasteSubmission({ private_metadata: '{"command":1}' })).toBeUndefined();
  });

  it('data:paste in any case → a paste request; a file name → not', () => {
    expect(isPasteRequest('paste')).toBe(true);
    expect(isPasteRequest(' Paste ')).toBe(true);
    expect(isPasteRequest('paste.csv')).toBe(false);
    expect(isPasteRequest(true)).toBe(false);
  });

  it('response_url must be Slack\'s hooks host (https) or the configured API origin', () => {
    expect(isSlackResponseUrl('https://hooks.slack.com/commands/T1/1/abc', 'https://slack.com')).toBe(true);
    expect(isSlackResponseUrl('http://hooks.slack.com/commands/T1/1/abc', 'https://slack.com')).toBe(false);
    expect(isSlackResponseUrl('https://evil.example/hook', 'https://slack.com')).toBe(false);
    expect(isSlackResponseUrl('http://127.0.0.1:4000/response/1', 'http://127.0.0.1:4000')).toBe(true);
  });

  it('pasted text → a text/csv attachment whose read applies the byte cap', async () => {
    const attachment = pastedAttachment('x1,x2,label\n1,2,1\n');
    expect(attachment).toMatchObject({ name: 'pasted.csv', contentType: 'text/csv', sizeBytes: 18 });
    expect((await attachment.read(100)).toString()).toBe('x1,x2,label\n1,2,1\n');
    await expect(attachment.read(10)).rejects.toThrow(/at most 10 bytes/);
  });
});
