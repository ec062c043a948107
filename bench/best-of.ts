/** The fastest of `rounds` runs of `run`, in milliseconds. */
export async function bestOf(rounds: number, run: () => unknown): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}
