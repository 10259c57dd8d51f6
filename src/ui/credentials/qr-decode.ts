// Reading a QR code from a camera frame (RGBA pixels) with ZXing's QR reader: plain functions over
// pixels, so the tests decode the certificate's own QR code in Node. Loaded only when scanning starts.
import { BinaryBitmap, Exception, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';

/** One luminance byte per pixel from RGBA (the green-favouring average ZXing uses). */
export function luminancesOf(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height);
  for (let pixel = 0, at = 0; pixel < out.length; pixel++, at += 4) {
    out[pixel] = ((rgba[at] ?? 0) + 2 * (rgba[at + 1] ?? 0) + (rgba[at + 2] ?? 0)) >> 2;
  }
  return out;
}

/** The text of the QR code in the frame, or null when none can be read in it. */
export function decodeQr(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): string | null {
  const source = new RGBLuminanceSource(luminancesOf(rgba, width, height), width, height);
  try {
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
  } catch (error) {
    // Not found, unreadable checksum or format: no code in this frame yet.
    if (error instanceof Exception) return null;
    throw error;
  }
}
