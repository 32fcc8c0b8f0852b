/** Generators that show a picture of a real run with the names hidden. */
import type { QuestionGenerator } from './types.ts';

/** The picture generators (filled in below). */
export const PICTURE_GENERATORS: QuestionGenerator[] = [];
