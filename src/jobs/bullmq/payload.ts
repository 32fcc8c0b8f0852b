import { deserialize, serialize } from 'node:v8';

/**
 * Job data and results cross Redis as V8's structured-clone bytes in base64: the same format
 * worker threads use, so typed arrays (network weights, histories) and image Buffers arrive intact,
 * which JSON would not do. Bot and workers must run the same Node major version (same code anyway).
 */
export function encodeJobPayload(value: unknown): string {
  return serialize(value).toString('base64');
}

/** The value `encodeJobPayload` wrote (throws on text that is not such a payload). */
export function decodeJobPayload<T>(text: string): T {
  return deserialize(Buffer.from(text, 'base64')) as T;
}
