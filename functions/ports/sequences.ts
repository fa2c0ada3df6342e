// Numbered series (card numbers): each number given out once.
export interface Sequences {
  /** Next number in a series (atomic counter), from 1. */
  nextSequence(series: string): Promise<number>;
}
