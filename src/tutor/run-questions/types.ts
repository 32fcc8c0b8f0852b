/** A multiple-choice question built from one finished demo run: its answer is computed from that run's numbers. */
export interface RunQuestion {
  prompt: string;
  /** At most five, in the order shown (lettered A–E). */
  choices: string[];
  /** Index of the right choice. */
  answer: number;
  /** Why, with the run's numbers (shown after the answer). */
  explanation: string;
}
