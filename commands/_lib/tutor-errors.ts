/** Bridging the tutor's errors into the chat layer's. */
import { UserError } from '../../src/chat/errors.ts';
import { TutorError } from '../../src/tutor/errors.ts';

/** Runs tutor work; a TutorError (the user's mistake: unknown lesson, answered twice, …) becomes a UserError shown only to them. */
export async function asUserErrors<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TutorError) throw new UserError(error.message);
    throw error;
  }
}
