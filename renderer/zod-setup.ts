import { config } from 'zod';

// Zod probes `new Function` to compile fast parsers; under this page's CSP (no 'unsafe-eval')
// the probe fails anyway and logs a CSP violation, so skip it. Imported before anything that
// builds schemas.
config({ jitless: true });
