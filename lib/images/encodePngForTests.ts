/**
 * A minimal PNG encoder used by the tests to write fixtures (W3C PNG specification, third edition):
 * signature, IHDR, optional PLTE, the zlib-deflated filtered rows split over two IDAT chunks, IEND; CRC-32
 * from node:zlib. Row y uses filter type filters[y mod filters.length] (default 0, 1, 2, 3, 4 in turn), so the
 * decoder meets all five filters.
 */
import { crc32, deflateSync } from "node:zlib";

export interface PngFixture {
  readonly width: number;
  readonly height: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  readonly colorType: number;
  /** 8 or 16. */
  readonly depth?: number;
  /** Raw samples, row-major (16-bit samples big-endian, two bytes each). */
  readonly samples: Uint8Array;
  readonly palette?: Uint8Array;
  readonly filters?: readonly number[];
  readonly interlace?: number;
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** The PNG file of a fixture. */
export function encodePngForTests(fixture: PngFixture): Buffer {
  const { width, height, colorType, samples } = fixture;
  const depth = fixture.depth ?? 8;
  const filters = fixture.filters ?? [0, 1, 2, 3, 4];
  const bpp = (CHANNELS[colorType] * depth) / 8;
  const stride = width * bpp;
  const filtered = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = filters[y % filters.length];
    filtered[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const at = (yy: number, xx: number): number => (yy < 0 || xx < 0 ? 0 : samples[yy * stride + xx]);
      const [a, b, c] = [at(y, x - bpp), at(y - 1, x), at(y - 1, x - bpp)];
      const predictor = [0, a, b, (a + b) >>> 1, paeth(a, b, c)][filter];
      filtered[y * (stride + 1) + 1 + x] = (samples[y * stride + x] - predictor) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colorType, 0, 0, fixture.interlace ?? 0], 8);
  const compressed = deflateSync(filtered);
  const half = Math.floor(compressed.length / 2);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    ...(fixture.palette ? [chunk("PLTE", fixture.palette)] : []),
    chunk("IDAT", compressed.subarray(0, half)),
    chunk("IDAT", compressed.subarray(half)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
