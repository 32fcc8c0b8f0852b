/** A mistake the user can fix (unknown lesson, answer to a closed question…); commands show it as a UserError. */
export class TutorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TutorError';
  }
}
