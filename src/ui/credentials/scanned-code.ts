// What a scanned QR code holds: a certificate's verify address (with the credential id to expect,
// on this site or another) or a credential itself (a token or JSON) to check at once.

export type ScannedCode =
  | { readonly kind: 'address'; readonly credentialId: string | null; readonly sameSite: boolean; readonly url: string }
  | { readonly kind: 'credential'; readonly text: string };

/** A verify address (`…/verify?id=…`, of this site or another), else the text as a credential to check. */
export function scannedCode(text: string, origin: string): ScannedCode {
  const trimmed = text.trim();
  try {
    const url = new URL(trimmed);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/verify')
      return { kind: 'address', credentialId: url.searchParams.get('id'), sameSite: url.origin === origin, url: url.href };
  } catch {
    // Not an address.
  }
  return { kind: 'credential', text: trimmed };
}
