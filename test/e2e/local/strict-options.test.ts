/**
 * Issue 13 item 12 through the local JSON API: options that are not an object, and bad values,
 * are a 400 naming the option and what is allowed — never a run with defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { TEST_API_TOKEN } from './api-client.ts';

let server: LocalChatServer;
beforeAll(async () => {
  server = await startLocalChat({ host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN }, { commands: await loadCommands() });
});
afterAll(async () => {
  await server.stop();
});

/** POSTs raw JSON text (so that 1e400 arrives as the number the client wrote). */
async function postCommand(json: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/commands`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' }, body: json });
  const body = await response.json();
  // The API answers a Reply (`text`) or, for a malformed request, `{ error: { message } }`.
  return { status: response.status, body: { ...body, text: body.text ?? body.error?.message } };
}

describe('local JSON API: strict options', () => {
  it('options as an array → 400 naming what options must be (not trained with defaults)', async () => {
    const { status, body } = await postCommand('{"command":"train","options":["dataset","spiral"],"user":{"id":"s1","name":"Ana"}}');
    expect(status).toBe(400);
    expect(body.text).toMatch(/^`options` must be a JSON object of option names and values, e.g. \{"dataset": "spiral"\}, not `\["dataset","spiral"\]`\.$/);
    expect(body.data).toBeUndefined();
  });

  it('options as a string → 400', async () => {
    const { status, body } = await postCommand('{"command":"train","options":"dataset:spiral","user":{"id":"s2","name":"Ana"}}');
    expect(status).toBe(400);
    expect(body.text).toContain('not `dataset:spiral`');
  });

  it('lr 1e400 → 400 with the range and the value, not "not null"', async () => {
    const { status, body } = await postCommand('{"command":"train","options":{"lr":1e400},"user":{"id":"s3","name":"Ana"}}');
    expect(status).toBe(400);
    expect(body.text).toBe('`lr` must be a number greater than 0 and at most 10, not `Infinity`.');
  });

  it('/cost with 10,000 layer sizes → a short 400', async () => {
    const layers = JSON.stringify(Array.from({ length: 10_000 }, () => 5));
    const { status, body } = await postCommand(`{"command":"cost","options":{"layers":${layers}},"user":{"id":"s4","name":"Ana"}}`);
    expect(status).toBe(400);
    expect(body.text.length).toBeLessThan(200);
    expect(body.text).toMatch(/^`layers` must be at most 1000 characters/);
  });
});

describe('web chat and CLI: an option typed twice is refused, not silently overwritten', () => {
  it('/train layers:8 layers:4 → "given twice"', async () => {
    const { parseCommandText } = await import('../../../src/platforms/local/parse-command.ts');
    const commands = await loadCommands();
    expect(() => parseCommandText('/train layers:8 layers:4', commands)).toThrow('`layers` was given twice; give it once.');
    expect(() => parseCommandText('/train --layers 8 batchSize:3 batch-size:4', commands)).toThrow('`batch-size` was given twice; give it once.');
    expect(parseCommandText('/train layers:8 dataset:xor', commands).options).toEqual({ layers: '8', dataset: 'xor' });
  });

  it('nn-tutor train --epochs 5 --epochs 500 → exit 2, "given twice"', async () => {
    const { runCli } = await import('../../../src/platforms/cli/main.ts');
    let err = '';
    const code = await runCli(['train', '--epochs', '5', '--epochs', '500'], { out: () => undefined, err: (s) => { err += s; } });
    expect(code).toBe(2);
    expect(err).toBe('nn-tutor train: --epochs was given twice; give it once.');
  });
});

describe('web chat: words where options belong', () => {
  it('/train a spiral → "Did you mean /train dataset:spiral?"; /activation relu still works as before', async () => {
    const { parseCommandText } = await import('../../../src/platforms/local/parse-command.ts');
    const commands = await loadCommands();
    expect(() => parseCommandText('/train a spiral', commands)).toThrow('Did you mean `/train dataset:spiral`? Options are written `name:value`.');
    expect(parseCommandText('/activation relu', commands).options).toEqual({ name: 'relu' });
    expect(parseCommandText('/help train', commands).options).toEqual({ command: 'train' });
  });
});
