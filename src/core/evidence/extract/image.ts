import { imageSize } from 'image-size';
import type { ImageFacts } from '../types';

/** Screenshots and photos: format and size from the file header; the image itself when it is small enough to send. */

/** Images larger than this are described, not attached. */
export const MAX_ATTACHED_IMAGE_BYTES = 1024 * 1024;

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' };
/** What vision models accept. */
const ATTACHABLE = new Set(['png', 'jpg', 'gif', 'webp']);

export interface ImageResult {
  facts: ImageFacts;
  text: string;
  image?: { mime: string; base64: string };
}

export function extractImage(bytes: Uint8Array, extension: string): ImageResult {
  let format = extension.toLowerCase().replace(/^jpeg$/, 'jpg');
  let width: number | undefined;
  let height: number | undefined;
  try {
    const dims = imageSize(bytes);
    width = dims.width;
    height = dims.height;
    if (dims.type) format = dims.type === 'jpeg' ? 'jpg' : dims.type;
  } catch {
    // A header image-size cannot read: still an image file, only without dimensions.
  }
  const name = format === 'jpg' ? 'JPEG' : format.toUpperCase();
  const attach = ATTACHABLE.has(format) && bytes.byteLength <= MAX_ATTACHED_IMAGE_BYTES;
  const dims = width && height ? `, ${width}×${height} pixels` : '';
  const why = attach ? '' : ATTACHABLE.has(format) ? ' (not attached: larger than 1 MB)' : ' (not attached: models read PNG, JPEG, GIF and WebP)';
  return {
    facts: { type: 'image', format, ...(width ? { width } : {}), ...(height ? { height } : {}) },
    text: `${name} image${dims}${why}`,
    ...(attach
      ? { image: { mime: MIME[format] ?? `image/${format}`, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') } }
      : {}),
  };
}
