export async function trainWithTfjs(..._a: unknown[]): Promise<never> { throw new Error('not yet'); }
