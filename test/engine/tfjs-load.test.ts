/** Loading TensorFlow.js: tfjs-node when installed, otherwise the JS CPU backend, without a word on the console. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadTf } from '../../src/engine/tfjs/load-tf.ts';

/** Whether the optional native package can be imported here (a variable specifier: it may not exist). */
async function isNativeInstalled(): Promise<boolean> {
  const name: string = '@tensorflow/tfjs-node';
  return import(name).then(() => true, () => false);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('loadTf', () => {
  it('picks the native backend only when tfjs-node is installed, and falls back silently (no "install tfjs-node" banner)', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const loaded = await loadTf();
    const t = loaded.tf.tensor([1, 2, 3]);
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3]);
    t.dispose();
    const native = await isNativeInstalled();
    expect(loaded.isNative).toBe(native);
    if (!native) expect(loaded.backend).toBe('cpu');
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('loads once: later calls return the same instance', async () => {
    const first = await loadTf();
    const second = await loadTf();
    expect(second.tf).toBe(first.tf);
  });
});
