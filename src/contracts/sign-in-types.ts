// The sign-in endpoints' requests and answers: the password form (POST /api/v1/auth/login) and
// device-code sign-in for headsets (POST /api/v1/device/code, /device/token, /device/approve).
// Every successful sign-in answers the same body as GET /api/v1/auth/me (meResponseSchema).
import { z } from 'zod';
import { requiredText } from './request-text.ts';

/** POST /api/v1/auth/login. */
export const signInRequestSchema = z.strictObject({
  username: requiredText('username', 64),
  password: requiredText('password', 1024),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** POST /api/v1/device/code (empty body): a new code for the headset to show and poll with. */
export const deviceCodeResponseSchema = z.object({
  /** The headset's secret: it polls with it, nobody sees it. */
  deviceCode: z.string(),
  /** What a person approves, `BCDF-2345` (src/contracts/device-code.ts). */
  userCode: z.string(),
  verificationUri: z.string(),
  verificationUriComplete: z.string(),
  /** Seconds. */
  expiresIn: z.number(),
  /** Seconds between polls. */
  interval: z.number(),
});
export type DeviceCodeResponse = Readonly<z.infer<typeof deviceCodeResponseSchema>>;

/** POST /api/v1/device/token: one poll. Answers meResponseSchema once approved, else a 400 with `error`. */
export const deviceTokenRequestSchema = z.strictObject({
  deviceCode: requiredText('deviceCode', 200),
});
export type DeviceTokenRequest = z.infer<typeof deviceTokenRequestSchema>;

/** RFC 8628 §3.5: why a poll did not sign in yet, in the 400 answer's `error`. */
export const devicePollErrorSchema = z.enum(['authorization_pending', 'slow_down', 'expired_token', 'access_denied']);
export type DevicePollError = z.infer<typeof devicePollErrorSchema>;

/** POST /api/v1/device/approve, by a signed-in person: the code as typed (the server normalises it). */
export const deviceApproveRequestSchema = z.strictObject({
  userCode: requiredText('userCode', 40),
});
export type DeviceApproveRequest = z.infer<typeof deviceApproveRequestSchema>;

export const deviceApproveResponseSchema = z.object({ approved: z.literal(true) });
export type DeviceApproveResponse = z.infer<typeof deviceApproveResponseSchema>;
