// Imported first by the entry point, before any module builds a schema: zod then never probes
// for eval (new Function), which the server's Content Security Policy forbids (docs/security.md).
import { z } from 'zod';

z.config({ jitless: true });
