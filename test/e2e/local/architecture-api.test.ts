/** /architecture through the local web chat's JSON API: the real command, router and worker pool. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { apiWithToken, TEST_API_TOKEN } from './api-client.ts';

let server: LocalChatServer;
beforeAll(async () => {
  server = await startLocalChat({ host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN }, { commands: await loadCommands() });
});
afterAll(async () => {
  await server.stop();
  await closeJobPool();
});

const api = (path: string, body?: unknown) => apiWithToken(server, path, body);

describe('JSON API: /architecture', () => {
  it('model:cnn with small settings → 200, three PNGs with alt text, and data whose numbers the text repeats', async () => {
    const { status, json } = await api('/api/commands', { command: 'architecture', options: { model: 'cnn', epochs: 1, size: 300, seed: 3 }, user: { id: 'arch1', name: 'Ada' } });
    expect(status).toBe(200);
    expect(json.error).toBeUndefined();
    expect(json.data.model).toBe('cnn');
    expect(json.data.params).toBe(2650);
    expect(json.data.options.trainImages).toBe(300);
    expect(json.data.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1000);
    expect(json.text).toContain(`Test accuracy **${(json.data.testAccuracy * 100).toFixed(1)}%**`);
    expect(json.text).toContain(`reached ${(json.data.mlp.testAccuracy * 100).toFixed(1)}%`);
    expect(json.text).toContain(`Filter ${json.data.verticalFilter} responds most to vertical strokes`);
    expect(json.images.map((i: { name: string }) => i.name)).toEqual(['cnn-feature-maps.png', 'cnn-confusion.png', 'cnn-mistakes.png']);
    for (const image of json.images) expect(image.alt.length).toBeGreaterThan(40);
  }, 240_000);

  it('model:autoencoder with small settings → 200, three PNGs with alt text, and data whose numbers the text and the alt text repeat', async () => {
    const { status, json } = await api('/api/commands', { command: 'architecture', options: { model: 'autoencoder', epochs: 2, size: 300, seed: 3 }, user: { id: 'arch4', name: 'Di' } });
    expect(status).toBe(200);
    expect(json.error).toBeUndefined();
    expect(json.data.model).toBe('autoencoder');
    expect(json.data.params).toBe(16834);
    expect(json.data.options).toEqual({ epochs: 2, learningRate: 0.01, seed: 3, trainImages: 300 });
    expect(json.data.epochsRun).toBe(2);
    expect(json.data.testImages).toBe(1000);
    expect(json.data.classCentroidAccuracy).toHaveLength(10);
    expect(json.text).toContain(`on the test digits: **${json.data.testError.toFixed(4)}**, against **${json.data.meanImageError.toFixed(4)}**`);
    expect(json.text).toContain(`(PCA) — gets **${json.data.pcaError.toFixed(4)}**`);
    expect(json.text).toContain(`${(json.data.centroidAccuracy * 100).toFixed(1)}% of the test digits lie nearest the centre of their own digit's training codes`);
    expect(json.images.map((i: { name: string }) => i.name)).toEqual(['autoencoder-code-plane.png', 'autoencoder-reconstructions.png', 'autoencoder-walk.png']);
    for (const image of json.images) expect(image.alt.length).toBeGreaterThan(40);
    expect(json.images[0].alt).toContain(`${(json.data.centroidAccuracy * 100).toFixed(1)}% of the test digits lie nearest their own digit's centre`);
  }, 240_000);

  it('model:autoencoder with a size below its range → 400 naming `size` and 200 to 6000, before any training', async () => {
    const { status, json } = await api('/api/commands', { command: 'architecture', options: { model: 'autoencoder', size: 20 }, user: { id: 'arch5', name: 'Ed' } });
    expect(status).toBe(400);
    expect(json.text).toMatch(/`size` for the autoencoder demo must be a whole number from 200 to 6000 \(got 20\)/);
  });

  it('model:attention with small settings → 200, two PNGs with alt text, weights that are softmax rows, and data whose numbers the text repeats', async () => {
    const { status, json } = await api('/api/commands', { command: 'architecture', options: { model: 'attention', epochs: 2, size: 300, seed: 3 }, user: { id: 'arch-attention-1', name: 'Dee' } });
    expect(status).toBe(200);
    expect(json.error).toBeUndefined();
    expect(json.data).toMatchObject({ model: 'attention', sequenceLength: 8, vocabularySize: 10, testSequences: 500, params: 1098, epochsRun: 2, stopReason: 'epochs' });
    expect(json.data.options).toMatchObject({ trainSequences: 300, epochs: 2, seed: 3 });
    expect(json.data.example.weights).toHaveLength(8);
    for (const row of json.data.example.weights) expect(row.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 4);
    expect(json.data.example.target).toEqual([...json.data.example.input].reverse());
    expect(json.text).toContain(`put **${(json.data.testTokenAccuracy * 100).toFixed(1)}%** of the letters`);
    expect(json.text).toContain(`puts **${json.data.mirroredAttention.toFixed(2)}** of its weight on the mirrored input position`);
    expect(json.text).toContain(`for ${(json.data.mirroredArgmaxShare * 100).toFixed(1)}% of the test queries`);
    expect(json.images.map((i: { name: string }) => i.name)).toEqual(['attention-weights.png', 'attention-examples.png']);
    for (const image of json.images) expect(image.alt.length).toBeGreaterThan(40);
  }, 240_000);

  it('model:attention with epochs beyond its range → 400 naming `epochs` and 1 to 30, before any training', async () => {
    const { status, json } = await api('/api/commands', { command: 'architecture', options: { model: 'attention', epochs: 31 }, user: { id: 'arch-attention-2', name: 'Ed' } });
    expect(status).toBe(400);
    expect(json.text).toMatch(/`epochs` for the attention demo must be a whole number from 1 to 30/);
  });

  it('an unknown model → 400 naming `model` and the models there are', async () => {
    const { status, json } = await api('/api/commands', { command: 'architecture', options: { model: 'gan' }, user: { id: 'arch2', name: 'Bo' } });
    expect(status).toBe(400);
    expect(json.text).toContain('`model`');
    expect(json.text).toContain('cnn');
  });

  it('a learning rate outside the range → 400 naming `lr`, before any training', async () => {
    const { status, json } = await api('/api/commands', { command: 'architecture', options: { model: 'cnn', lr: 5 }, user: { id: 'arch3', name: 'Cy' } });
    expect(status).toBe(400);
    expect(json.text).toMatch(/`lr`/);
  });
});
