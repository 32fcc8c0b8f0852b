/**
 * Loads TensorFlow.js once per process: the native @tensorflow/tfjs-node backend when it is
 * installed and its library loads, otherwise @tensorflow/tfjs on its pure-JS CPU backend, silently
 * (tfjs-node is an optional dependency whose install needs a download npm cannot always make).
 */

/** The TensorFlow.js namespace (tfjs-node re-exports the same API). */
export type Tf = typeof import('@tensorflow/tfjs');

/** Which implementation is running the tfjs engine. */
export interface LoadedTf {
  tf: Tf;
  /** 'tensorflow' = native tfjs-node, 'cpu' = the pure-JS backend. */
  backend: string;
  isNative: boolean;
}

/** A variable specifier, so neither TypeScript nor a bundler insists that the optional package exists. */
const NATIVE_PACKAGE: string = '@tensorflow/tfjs-node';

let loading: Promise<LoadedTf> | null = null;

async function tryNative(): Promise<Tf | null> {
  try {
    const mod = (await import(NATIVE_PACKAGE)) as Tf & { default?: Tf };
    const tf = typeof mod.tensor === 'function' ? mod : mod.default;
    return tf && typeof tf.tensor === 'function' ? tf : null;
  } catch {
    // Not installed, or installed without its native library: fall back to the JS backend.
    return null;
  }
}

async function load(): Promise<LoadedTf> {
  const native = await tryNative();
  if (native) {
    native.enableProdMode();
    await native.ready();
    return { tf: native, backend: native.getBackend(), isNative: native.getBackend() === 'tensorflow' };
  }
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  // Production mode silences the "install tfjs-node to speed things up" banner and skips debug checks.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: tf.getBackend(), isNative: false };
}

/** The loaded TensorFlow.js (cached: the first call pays the ~0.4 s import). */
export function loadTf(): Promise<LoadedTf> {
  loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
