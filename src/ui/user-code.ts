// A headset's device code as people type it on the approval page. The rule is the server's own,
// shared through the contracts (src/contracts/device-code.ts).
export { normalizeUserCode } from '../contracts/device-code.ts';
