/**
 * A float64 forward pass of lucidrains' v2.1.1 Unet [1] by plain loops, the independent reference of the
 * authorsDiffusionUnet tests. It reads the parameters θ in the model's documented draw order (its module comment)
 * and re-derives the architecture from the config on its own, so a wrong order, a misplaced block or a wrong
 * layout shows as a mismatch. Attention is written in [1]'s own indexing ('b h c n', mem_kv in its layouts),
 * the down-sampling rearrange as its formula, GELU through our float64 erf. Line numbers are of [1] at tag 2.1.1.
 *
 * [1] lucidrains, denoising-diffusion-pytorch v2.1.1, denoising_diffusion_pytorch.py and attend.py.
 */
import { normalCdf } from "./erf.js";
import { referenceConv, type Array4 } from "./referenceConv.js";

export interface ReferenceUnetConfig {
  dim: number;
  dimMults: readonly number[];
  channels: number;
  heads: number;
  headDim: number;
  memory: number;
}

const silu = (z: number): number => z / (1 + Math.exp(-z));
const map4 = (x: Array4, f: (v: number, m: number) => number): Array4 => ({ data: x.data.map(f), shape: [...x.shape] });

/** Cursor over θ in draw order. */
class Theta {
  private next = 0;
  constructor(private readonly theta: readonly Float64Array[]) {}
  take(size: number): Float64Array {
    const v = this.theta[this.next++];
    if (v === undefined || v.length !== size) throw new Error(`referenceDiffusionUnet: parameter ${this.next - 1} should have ${size} values, has ${v?.length}`);
    return v;
  }
  get done(): boolean { return this.next === this.theta.length; }
}

function add(a: Array4, b: Array4): Array4 { return map4(a, (v, m) => v + b.data[m]); }

function concat(a: Array4, b: Array4): Array4 {
  const [n, h, w, ca] = a.shape;
  const cb = b.shape[3];
  const out = new Float64Array(n * h * w * (ca + cb));
  for (let p = 0; p < n * h * w; p++) {
    for (let c = 0; c < ca; c++) out[p * (ca + cb) + c] = a.data[p * ca + c];
    for (let c = 0; c < cb; c++) out[p * (ca + cb) + ca + c] = b.data[p * cb + c];
  }
  return { data: out, shape: [n, h, w, ca + cb] };
}

/** RMSNorm (103-110): x / max(‖x‖, 1e-12) · g · √C per pixel. */
function rmsNorm(x: Array4, g: Float64Array): Array4 {
  const C = x.shape[3];
  const out = new Float64Array(x.data.length);
  for (let p = 0; p < x.data.length / C; p++) {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += x.data[p * C + c] ** 2;
    const norm = Math.max(Math.sqrt(sum), 1e-12);
    for (let c = 0; c < C; c++) out[p * C + c] = (x.data[p * C + c] / norm) * g[c] * Math.sqrt(C);
  }
  return { data: out, shape: [...x.shape] };
}

function conv(th: Theta, x: Array4, k: number, cOut: number): Array4 {
  const f = th.take(k * k * x.shape[3] * cOut);
  return referenceConv(x, f, th.take(cOut), k, cOut, 1);
}

function dense(th: Theta, x: Float64Array[], nOut: number): Float64Array[] {
  const nIn = x[0].length;
  const [w, b] = [th.take(nIn * nOut), th.take(nOut)];
  return x.map((row) => Float64Array.from({ length: nOut }, (_, o) => row.reduce((s, v, i) => s + v * w[i * nOut + o], b[o])));
}

/** ResnetBlock (167-191) with Block (148-165). */
function resnet(th: Theta, x: Array4, tau: Float64Array[], cOut: number): Array4 {
  const ss = dense(th, tau.map((r) => r.map(silu)), 2 * cOut);
  const h = conv(th, x, 3, cOut);
  const normed = rmsNorm(h, th.take(cOut));
  const per = h.shape[1] * h.shape[2] * cOut;
  const h1 = map4(normed, (v, m) => {
    const [n, c] = [Math.floor(m / per), m % cOut];
    return silu(v * (ss[n][c] + 1) + ss[n][cOut + c]);
  });
  const h2 = map4(rmsNorm(conv(th, h1, 3, cOut), th.take(cOut)), silu);
  return add(h2, x.shape[3] === cOut ? x : conv(th, x, 1, cOut));
}

/** Softmax of v in place. */
function softmax(v: Float64Array): Float64Array {
  const top = Math.max(...v);
  const e = v.map((z) => Math.exp(z - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((z) => z / total);
}

/** LinearAttention (193-236) or Attention (238-272) + attend.py:95-124, then the residual x + A(x). */
function attention(th: Theta, x: Array4, cfg: ReferenceUnetConfig, full: boolean): Array4 {
  const [N, H, W, C] = x.shape;
  const { heads, headDim: d, memory: M } = cfg;
  const hid = heads * d;
  const P = H * W;
  const g = th.take(C);
  const mem = th.take(2 * heads * d * M);
  const qkv = referenceConv(rmsNorm(x, g), th.take(C * 3 * hid), new Float64Array(3 * hid), 1, 3 * hid, 1);
  const outConvW = th.take(hid * C);
  const outConvB = th.take(C);
  // [1]'s 'b (h c) x y -> b h c (x y)': feature c of head h at pixel p, for part 0 (q), 1 (k), 2 (v).
  const at = (n: number, part: number, h: number, c: number, p: number): number => qkv.data[(n * P + p) * 3 * hid + part * hid + h * d + c];
  // mem_kv [2, h, d, m] (linear) or [2, h, m, d] (full): key/value j < M of feature c.
  const memAt = (which: number, h: number, c: number, j: number): number => (full ? mem[((which * heads + h) * M + j) * d + c] : mem[((which * heads + h) * d + c) * M + j]);
  const key = (n: number, h: number, c: number, j: number): number => (j < M ? memAt(0, h, c, j) : at(n, 1, h, c, j - M));
  const value = (n: number, h: number, c: number, j: number): number => (j < M ? memAt(1, h, c, j) : at(n, 2, h, c, j - M));
  const merged = new Float64Array(N * P * hid);
  for (let n = 0; n < N; n++) for (let h = 0; h < heads; h++) {
    if (full) {
      for (let i = 0; i < P; i++) {
        const sim = Float64Array.from({ length: M + P }, (_, j) => {
          let s = 0;
          for (let c = 0; c < d; c++) s += at(n, 0, h, c, i) * key(n, h, c, j);
          return s * d ** -0.5;
        });
        const a = softmax(sim);
        for (let c = 0; c < d; c++) merged[(n * P + i) * hid + h * d + c] = a.reduce((s, w, j) => s + w * value(n, h, c, j), 0);
      }
    } else {
      const k = Array.from({ length: d }, (_, c) => softmax(Float64Array.from({ length: M + P }, (_, j) => key(n, h, c, j))));
      const q = Array.from({ length: P }, (_, i) => softmax(Float64Array.from({ length: d }, (_, c) => at(n, 0, h, c, i))).map((z) => z * d ** -0.5));
      const context = Array.from({ length: d }, (_, c) => Float64Array.from({ length: d }, (_, e) => k[c].reduce((s, w, j) => s + w * value(n, h, e, j), 0)));
      for (let i = 0; i < P; i++) for (let e = 0; e < d; e++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += context[c][e] * q[i][c];
        merged[(n * P + i) * hid + h * d + e] = s;
      }
    }
  }
  let y = referenceConv({ data: merged, shape: [N, H, W, hid] }, outConvW, outConvB, 1, C, 1);
  if (!full) y = rmsNorm(y, th.take(C));
  return add(y, x);
}

/** Downsample's rearrange 'b c (h p1) (w p2) -> b (c p1 p2) h w' (97-101), in NHWC. */
export function referencePixelUnshuffle(x: Array4): Array4 {
  const [N, H, W, C] = x.shape;
  const out = new Float64Array(x.data.length);
  for (let n = 0; n < N; n++) for (let i = 0; i < H / 2; i++) for (let j = 0; j < W / 2; j++) for (let c = 0; c < C; c++) for (let p1 = 0; p1 < 2; p1++) for (let p2 = 0; p2 < 2; p2++) {
    out[((n * (H / 2) + i) * (W / 2) + j) * 4 * C + c * 4 + p1 * 2 + p2] = x.data[((n * H + 2 * i + p1) * W + 2 * j + p2) * C + c];
  }
  return { data: out, shape: [N, H / 2, W / 2, 4 * C] };
}

function upsampleNearest(x: Array4): Array4 {
  const [N, H, W, C] = x.shape;
  const out = new Float64Array(4 * x.data.length);
  for (let n = 0; n < N; n++) for (let i = 0; i < 2 * H; i++) for (let j = 0; j < 2 * W; j++) for (let c = 0; c < C; c++) {
    out[((n * 2 * H + i) * 2 * W + j) * C + c] = x.data[((n * H + (i >> 1)) * W + (j >> 1)) * C + c];
  }
  return { data: out, shape: [N, 2 * H, 2 * W, C] };
}

/** Unet.forward (392-433) in float64 from θ in draw order; x NHWC, t 0-based steps. */
export function referenceDiffusionUnet(theta: readonly Float64Array[], cfg: ReferenceUnetConfig, x: Array4, t: readonly number[]): Array4 {
  const th = new Theta(theta);
  const { dim, dimMults } = cfg;
  const half = dim / 2;
  const emb = t.map((step) => Float64Array.from({ length: dim }, (_, j) => {
    const angle = step * Math.exp((-Math.log(10000) * (j % half)) / (half - 1));
    return j < half ? Math.sin(angle) : Math.cos(angle);
  }));
  let h = conv(th, x, 7, dim);
  const r = h;
  const hidden = dense(th, emb, 4 * dim).map((row) => row.map((z) => z * normalCdf(z)));
  const tau = dense(th, hidden, 4 * dim);
  const dims = [dim, ...dimMults.map((m) => dim * m)];
  const L = dimMults.length;
  const skips: Array4[] = [];
  for (let i = 0; i < L; i++) {
    const [a, b] = [dims[i], dims[i + 1]];
    h = resnet(th, h, tau, a);
    skips.push(h);
    h = attention(th, resnet(th, h, tau, a), cfg, i === L - 1);
    skips.push(h);
    h = i === L - 1 ? conv(th, h, 3, b) : conv(th, referencePixelUnshuffle(h), 1, b);
  }
  const mid = dims[L];
  h = resnet(th, h, tau, mid);
  h = attention(th, h, cfg, true);
  h = resnet(th, h, tau, mid);
  for (let i = L - 1; i >= 0; i--) {
    const [a, b] = [dims[i], dims[i + 1]];
    h = resnet(th, concat(h, skips.pop() as Array4), tau, b);
    h = attention(th, resnet(th, concat(h, skips.pop() as Array4), tau, b), cfg, i === L - 1);
    h = conv(th, i === 0 ? h : upsampleNearest(h), 3, a);
  }
  h = conv(th, resnet(th, concat(h, r), tau, dim), 1, cfg.channels);
  if (!th.done) throw new Error("referenceDiffusionUnet: θ has more parameters than the architecture uses");
  return h;
}
