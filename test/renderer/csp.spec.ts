import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

// The built page as the renderer gets it; the web host sends no CSP header, so what holds here
// is the policy the build puts into the page itself.
test('the page runs no inline script, no eval, and reaches no other origin', async ({ page, host }) => {
  const hits: string[] = [];
  const other = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end('reached');
  });
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}/beacon`;
  try {
    await page.goto(host.url);
    await expect(page.getByLabel('Deepgram API key')).toBeVisible();
    const outcome = await page.evaluate(async (url) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      const attempt = (run: () => unknown): string => {
        try {
          run();
          return 'ran';
        } catch (error) {
          return (error as Error).name;
        }
      };
      // Code evaluated by the test driver itself is exempt from the CSP while it runs; a timer
      // callback runs later as the page's own code, where the policy applies.
      const [evalOutcome, functionOutcome] = await new Promise<string[]>((resolve) =>
        setTimeout(() => resolve([attempt(() => (0, eval)('1 + 1')), attempt(() => new Function('return 1')())]), 0),
      );
      let fetchOutcome = 'fetched';
      try {
        await fetch(url, { mode: 'no-cors' });
      } catch (error) {
        fetchOutcome = (error as Error).name;
      }
      const image = new Image();
      image.src = `${url}?image`;
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { inline: (window as { __inlineRan?: boolean }).__inlineRan === true, evalOutcome, functionOutcome, fetchOutcome, violations };
    }, elsewhere);
    expect(outcome.inline, 'inline script ran').toBe(false);
    expect(outcome.evalOutcome).toBe('EvalError');
    expect(outcome.functionOutcome).toBe('EvalError');
    expect(outcome.fetchOutcome).toBe('TypeError');
    expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'script-src', 'connect-src', 'img-src']));
    expect(hits, 'requests that reached another origin').toEqual([]);
  } finally {
    other.closeAllConnections();
    await new Promise((done) => other.close(done));
  }
});
