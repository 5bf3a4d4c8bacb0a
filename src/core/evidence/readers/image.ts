import { extractImage } from '../extract/image';
import type { BytesReader } from './reader';

export const imageReader: BytesReader = {
  id: 'image',
  kind: 'image',
  input: 'bytes',
  extensions: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg'],
  read: (bytes, file) => {
    const img = extractImage(bytes, file.extension);
    return { facts: img.facts, text: img.text, ...(img.image ? { image: img.image } : {}) };
  },
};
