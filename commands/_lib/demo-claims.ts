/** The claims of the command demos whose replies contain fixed sentences about their results. */
import type { ClaimSet } from '../../src/tutor/claims/evaluate.ts';
import { compareClaimSet } from '../compare.ts';
import { optimizersClaimSet } from '../optimizers.ts';
import { overfitClaimSet } from '../overfit.ts';
import { architectureClaimSets } from './architecture-claims.ts';

/** /optimizers, /compare, /overfit and /architecture, as claim sets for `lessons:check -- --claims`. */
export function demoClaimSets(): ClaimSet[] {
  return [optimizersClaimSet(), compareClaimSet(), overfitClaimSet(), ...architectureClaimSets()];
}
