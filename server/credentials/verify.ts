// The credential verifier the server's verify route, the CLI and the bench run: the same module
// the browser's /verify page bundles (src/credentials/verify.ts).
export * from '../../src/credentials/verify.ts';
