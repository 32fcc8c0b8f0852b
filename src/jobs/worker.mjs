// Worker-thread entry for the piscina pool: workers start without the TypeScript loader when the
// parent runs under vitest or plain node, so register tsx here, then load the real (TypeScript) worker.
import { register } from 'tsx/esm/api';

const api = register({ namespace: 'nn-tutor-jobs' });
const worker = await api.import('./worker.ts', import.meta.url);

export default worker.default ?? worker;
