// The error the accounts routes throw for a request a person can fix: the plugin's error handler
// turns it into `{ statusCode, error, message }` (sendError), optionally with extra headers.
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'RequestError';
  }
}
