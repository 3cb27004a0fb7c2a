// Winograd F(2x2, 3x3) convolution for tfjs-backend-wasm, NHWC, stride 1, dilation 1.
//
// Built to a tiny wasm module (scripts/build-wasm-kernels.mjs) that imports tfjs-wasm's own
// linear memory, so it reads tensors where tfjs keeps them and writes outputs in place. It
// must never touch memory it was not handed: no static data, no C stack in linear memory
// (every temporary is a scalar or v128 local), no libc. The build checks for both.
//
// A 3x3 convolution computes each 2x2 output tile from a 4x4 input tile with 16
// element-wise products per (ci, co) instead of 36: 2.25x fewer multiply-adds than a
// direct or im2col convolution, at the cost of three cheap linear transforms:
//   U = G g G^T (filters, once per call)     V = B^T d B (input tiles)
//   M[p] = V[p] . U[p] (16 small GEMMs)       Y = A^T M A (output tiles)
// Tiles are processed in blocks so V and M stay in cache.
#include <wasm_simd128.h>

typedef v128_t f4;

#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store((p), (v))
#define ADD wasm_f32x4_add
#define SUB wasm_f32x4_sub
#define MUL wasm_f32x4_mul
#define SPLAT wasm_f32x4_splat

// U[p][ci][co], p = 4*i + j, from g[kh][kw][ci][co] (tfjs filter layout).
__attribute__((export_name("wino_filter")))
void wino_filter(const float *g, float *U, int CI, int CO) {
  int plane = CI * CO;
  for (int c = 0; c < plane; c++) {
    float g00 = g[0 * plane + c], g01 = g[1 * plane + c], g02 = g[2 * plane + c];
    float g10 = g[3 * plane + c], g11 = g[4 * plane + c], g12 = g[5 * plane + c];
    float g20 = g[6 * plane + c], g21 = g[7 * plane + c], g22 = g[8 * plane + c];
    // Rows: G g (4x3), G = [[1,0,0],[.5,.5,.5],[.5,-.5,.5],[0,0,1]]
    float a0 = g00, a1 = g01, a2 = g02;
    float b0 = 0.5f * (g00 + g10 + g20), b1 = 0.5f * (g01 + g11 + g21), b2 = 0.5f * (g02 + g12 + g22);
    float c0 = 0.5f * (g00 - g10 + g20), c1 = 0.5f * (g01 - g11 + g21), c2 = 0.5f * (g02 - g12 + g22);
    float d0 = g20, d1 = g21, d2 = g22;
#define ROW(r, x0, x1, x2)                                  \
  U[(4 * r + 0) * plane + c] = x0;                          \
  U[(4 * r + 1) * plane + c] = 0.5f * (x0 + x1 + x2);       \
  U[(4 * r + 2) * plane + c] = 0.5f * (x0 - x1 + x2);       \
  U[(4 * r + 3) * plane + c] = x2;
    ROW(0, a0, a1, a2)
    ROW(1, b0, b1, b2)
    ROW(2, c0, c1, c2)
    ROW(3, d0, d1, d2)
#undef ROW
  }
}

// V[p][t][ci] for the tiles t of one block. Tile t covers output rows 2*ty.., cols 2*tx..;
// its input window starts at (2*ty - padTop, 2*tx - padLeft). Zero outside the image.
static inline void input_tile(const float *x, int H, int W, int CI, int n, int iy0, int ix0, float *V, int pstride, int t) {
  const float *img = x + (long)n * H * W * CI;
  int inside = iy0 >= 0 && ix0 >= 0 && iy0 + 4 <= H && ix0 + 4 <= W;
  // Which of the 4 rows / 4 columns of the window lie inside the image (border tiles).
  int r0 = iy0 >= 0 && iy0 < H, r1 = iy0 + 1 >= 0 && iy0 + 1 < H, r2 = iy0 + 2 >= 0 && iy0 + 2 < H, r3 = iy0 + 3 >= 0 && iy0 + 3 < H;
  int c0 = ix0 >= 0 && ix0 < W, c1 = ix0 + 1 >= 0 && ix0 + 1 < W, c2 = ix0 + 2 >= 0 && ix0 + 2 < W, c3 = ix0 + 3 >= 0 && ix0 + 3 < W;
  float *o = V + (long)t * CI;
  for (int ci = 0; ci < CI; ci += 4) {
    const f4 z = SPLAT(0);
    // Named locals, no arrays: arrays would live on a C stack in tfjs's memory.
#define AT(i, j) (img + ((long)(iy0 + i) * W + (ix0 + j)) * CI + ci)
#define GET(i, j) (inside || (r##i && c##j) ? LD(AT(i, j)) : z)
    f4 d00 = GET(0, 0), d01 = GET(0, 1), d02 = GET(0, 2), d03 = GET(0, 3);
    f4 d10 = GET(1, 0), d11 = GET(1, 1), d12 = GET(1, 2), d13 = GET(1, 3);
    f4 d20 = GET(2, 0), d21 = GET(2, 1), d22 = GET(2, 2), d23 = GET(2, 3);
    f4 d30 = GET(3, 0), d31 = GET(3, 1), d32 = GET(3, 2), d33 = GET(3, 3);
#undef GET
#undef AT
    // B^T d (over rows): t0 = d0 - d2, t1 = d1 + d2, t2 = d2 - d1, t3 = d1 - d3
    f4 t00 = SUB(d00, d20), t01 = SUB(d01, d21), t02 = SUB(d02, d22), t03 = SUB(d03, d23);
    f4 t10 = ADD(d10, d20), t11 = ADD(d11, d21), t12 = ADD(d12, d22), t13 = ADD(d13, d23);
    f4 t20 = SUB(d20, d10), t21 = SUB(d21, d11), t22 = SUB(d22, d12), t23 = SUB(d23, d13);
    f4 t30 = SUB(d10, d30), t31 = SUB(d11, d31), t32 = SUB(d12, d32), t33 = SUB(d13, d33);
    // (B^T d) B (over columns), stored at p = 4*i + j
#define COLS(i, a, b, c, d)                               \
  ST(o + ci + (long)(4 * i + 0) * pstride, SUB(a, c));    \
  ST(o + ci + (long)(4 * i + 1) * pstride, ADD(b, c));    \
  ST(o + ci + (long)(4 * i + 2) * pstride, SUB(c, b));    \
  ST(o + ci + (long)(4 * i + 3) * pstride, SUB(b, d));
    COLS(0, t00, t01, t02, t03)
    COLS(1, t10, t11, t12, t13)
    COLS(2, t20, t21, t22, t23)
    COLS(3, t30, t31, t32, t33)
#undef COLS
  }
}

// M[p][t][co] = sum_ci V[p][t][ci] * U[p][ci][co] for tiles [0, nt), 4 tiles x 8 channels per step.
static void block_gemm(const float *V, const float *U, float *M, int nt, int CI, int CO) {
  for (int p = 0; p < 16; p++) {
    const float *Vp = V + (long)p * nt * CI;
    const float *Up = U + (long)p * CI * CO;
    float *Mp = M + (long)p * nt * CO;
    int t = 0;
    for (; t + 4 <= nt; t += 4) {
      const float *v0 = Vp + (long)t * CI, *v1 = v0 + CI, *v2 = v1 + CI, *v3 = v2 + CI;
      int co = 0;
      for (; co + 8 <= CO; co += 8) {
        f4 a00 = SPLAT(0), a01 = SPLAT(0), a10 = SPLAT(0), a11 = SPLAT(0);
        f4 a20 = SPLAT(0), a21 = SPLAT(0), a30 = SPLAT(0), a31 = SPLAT(0);
        const float *u = Up + co;
        for (int ci = 0; ci < CI; ci++, u += CO) {
          f4 w0 = LD(u), w1 = LD(u + 4);
          f4 s0 = SPLAT(v0[ci]), s1 = SPLAT(v1[ci]), s2 = SPLAT(v2[ci]), s3 = SPLAT(v3[ci]);
          a00 = ADD(a00, MUL(s0, w0)); a01 = ADD(a01, MUL(s0, w1));
          a10 = ADD(a10, MUL(s1, w0)); a11 = ADD(a11, MUL(s1, w1));
          a20 = ADD(a20, MUL(s2, w0)); a21 = ADD(a21, MUL(s2, w1));
          a30 = ADD(a30, MUL(s3, w0)); a31 = ADD(a31, MUL(s3, w1));
        }
        float *m = Mp + (long)t * CO + co;
        ST(m, a00); ST(m + 4, a01);
        ST(m + CO, a10); ST(m + CO + 4, a11);
        ST(m + 2 * CO, a20); ST(m + 2 * CO + 4, a21);
        ST(m + 3 * CO, a30); ST(m + 3 * CO + 4, a31);
      }
      for (; co < CO; co += 4) {
        f4 a0 = SPLAT(0), a1 = SPLAT(0), a2 = SPLAT(0), a3 = SPLAT(0);
        const float *u = Up + co;
        for (int ci = 0; ci < CI; ci++, u += CO) {
          f4 w = LD(u);
          a0 = ADD(a0, MUL(SPLAT(v0[ci]), w)); a1 = ADD(a1, MUL(SPLAT(v1[ci]), w));
          a2 = ADD(a2, MUL(SPLAT(v2[ci]), w)); a3 = ADD(a3, MUL(SPLAT(v3[ci]), w));
        }
        float *m = Mp + (long)t * CO + co;
        ST(m, a0); ST(m + CO, a1); ST(m + 2 * CO, a2); ST(m + 3 * CO, a3);
      }
    }
    for (; t < nt; t++) {
      const float *v = Vp + (long)t * CI;
      for (int co = 0; co < CO; co += 4) {
        f4 a = SPLAT(0);
        const float *u = Up + co;
        for (int ci = 0; ci < CI; ci++, u += CO) a = ADD(a, MUL(SPLAT(v[ci]), LD(u)));
        ST(Mp + (long)t * CO + co, a);
      }
    }
  }
}

// Y tile = A^T M A (+ bias, relu), A^T = [[1,1,1,0],[0,1,-1,-1]]; rows/cols past the output are dropped.
static inline void output_tile(const float *M, int pstride, int t, int CO, float *y, int OH, int OW, int n, int oy, int ox,
                               const float *bias, int relu) {
  float *img = y + (long)n * OH * OW * CO;
  int h2 = oy + 1 < OH, w2 = ox + 1 < OW;
  for (int co = 0; co < CO; co += 4) {
    const float *m = M + (long)t * CO + co;
#define MCOL(j) \
    f4 m0##j = LD(m + (long)(0 + j) * pstride), m1##j = LD(m + (long)(4 + j) * pstride); \
    f4 m2##j = LD(m + (long)(8 + j) * pstride), m3##j = LD(m + (long)(12 + j) * pstride); \
    f4 s##j = ADD(ADD(m0##j, m1##j), m2##j), u##j = SUB(SUB(m1##j, m2##j), m3##j);
    MCOL(0) MCOL(1) MCOL(2) MCOL(3)
#undef MCOL
    f4 b = bias ? LD(bias + co) : SPLAT(0);
    f4 y00 = ADD(ADD(ADD(s0, s1), s2), b);
    f4 y01 = ADD(SUB(SUB(s1, s2), s3), b);
    f4 y10 = ADD(ADD(ADD(u0, u1), u2), b);
    f4 y11 = ADD(SUB(SUB(u1, u2), u3), b);
    if (relu) {
      f4 z = SPLAT(0);
      y00 = wasm_f32x4_max(y00, z); y01 = wasm_f32x4_max(y01, z);
      y10 = wasm_f32x4_max(y10, z); y11 = wasm_f32x4_max(y11, z);
    }
    float *o = img + ((long)oy * OW + ox) * CO + co;
    ST(o, y00);
    if (w2) ST(o + CO, y01);
    if (h2) {
      ST(o + (long)OW * CO, y10);
      if (w2) ST(o + (long)OW * CO + CO, y11);
    }
  }
}

// Tile index -> image n and tile row/column (a macro: a helper returning three values would
// need pointers to locals, i.e. a C stack in tfjs's memory).
#define TILE_AT(t, n, ty, tx)                     \
  int n = (int)((t) / ((long)TH * TW));            \
  int ty = (int)((t) % ((long)TH * TW)) / TW;      \
  int tx = (int)((t) % ((long)TH * TW)) % TW

// y[N][OH][OW][CO] = conv3x3(x[N][H][W][CI], g) with the given top/left padding (zeros),
// from U made by wino_filter. scratch holds 16*TB*(CI+CO) floats. CI and CO are multiples of 4.
__attribute__((export_name("wino_conv")))
void wino_conv(const float *x, int N, int H, int W, int CI, const float *U, int CO, float *y, int OH, int OW, int padTop,
               int padLeft, const float *bias, int relu, float *scratch, int TB) {
  int TH = (OH + 1) / 2, TW = (OW + 1) / 2;
  long tiles = (long)N * TH * TW;
  float *V = scratch;
  float *M = scratch + 16L * TB * CI;
  for (long t0 = 0; t0 < tiles; t0 += TB) {
    int nt = (int)(tiles - t0 < TB ? tiles - t0 : TB);
    for (int k = 0; k < nt; k++) {
      TILE_AT(t0 + k, n, ty, tx);
      input_tile(x, H, W, CI, n, 2 * ty - padTop, 2 * tx - padLeft, V, nt * CI, k);
    }
    block_gemm(V, U, M, nt, CI, CO);
    for (int k = 0; k < nt; k++) {
      TILE_AT(t0 + k, n, ty, tx);
      output_tile(M, nt * CO, k, CO, y, OH, OW, n, 2 * ty, 2 * tx, bias, relu);
    }
  }
}

// ---- Filter gradient, Winograd F(3x3, 2x2) ----
// dW[kh][kw][ci][co] = sum over (n, oy, ox) of x[n][oy+kh-padTop][ox+kw-padLeft][ci] * dy[n][oy][ox][co].
// Per 2x2 tile of dy and the same 4x4 window of x as the forward pass:
//   V = B^T d B (same transform),  E = A e A^T with A = [[1,0],[1,1],[1,-1],[0,-1]],
//   M[p][ci][co] += sum_t V[p][t][ci] E[p][t][co],   dW = G^T M G  (G as in wino_filter).

// E[p][t][co] from the 2x2 dy tile at (oy, ox); entries past the output are zero.
static inline void dy_tile(const float *dy, int OH, int OW, int CO, int n, int oy, int ox, float *E, int pstride, int t) {
  const float *img = dy + (long)n * OH * OW * CO;
  int w2 = ox + 1 < OW, h2 = oy + 1 < OH;
  float *o = E + (long)t * CO;
  const f4 z = SPLAT(0);
  for (int co = 0; co < CO; co += 4) {
    const float *p = img + ((long)oy * OW + ox) * CO + co;
    f4 e00 = LD(p), e01 = w2 ? LD(p + CO) : z;
    f4 e10 = h2 ? LD(p + (long)OW * CO) : z, e11 = h2 && w2 ? LD(p + (long)OW * CO + CO) : z;
    // A e (over rows): r0 = e0, r1 = e0 + e1, r2 = e0 - e1, r3 = -e1
    f4 r00 = e00, r01 = e01;
    f4 r10 = ADD(e00, e10), r11 = ADD(e01, e11);
    f4 r20 = SUB(e00, e10), r21 = SUB(e01, e11);
    f4 r30 = wasm_f32x4_neg(e10), r31 = wasm_f32x4_neg(e11);
#define ECOLS(i, a, b)                                                   \
  ST(o + co + (long)(4 * i + 0) * pstride, a);                           \
  ST(o + co + (long)(4 * i + 1) * pstride, ADD(a, b));                   \
  ST(o + co + (long)(4 * i + 2) * pstride, SUB(a, b));                   \
  ST(o + co + (long)(4 * i + 3) * pstride, wasm_f32x4_neg(b));
    ECOLS(0, r00, r01)
    ECOLS(1, r10, r11)
    ECOLS(2, r20, r21)
    ECOLS(3, r30, r31)
#undef ECOLS
  }
}

#define LANE(v, k) wasm_i32x4_shuffle(v, v, k, k, k, k)

// M[p][ci][co] += sum_t V[p][t][ci] E[p][t][co] for tiles [0, nt): 4 ci x 8 co per register block.
static void block_gemm_tn(const float *V, const float *E, float *M, int nt, int CI, int CO) {
  for (int p = 0; p < 16; p++) {
    const float *Vp = V + (long)p * nt * CI;
    const float *Ep = E + (long)p * nt * CO;
    float *Mp = M + (long)p * CI * CO;
    for (int ci = 0; ci < CI; ci += 4) {
      int co = 0;
      for (; co + 8 <= CO; co += 8) {
        float *m = Mp + (long)ci * CO + co;
        f4 a00 = LD(m), a01 = LD(m + 4), a10 = LD(m + CO), a11 = LD(m + CO + 4);
        f4 a20 = LD(m + 2 * CO), a21 = LD(m + 2 * CO + 4), a30 = LD(m + 3 * CO), a31 = LD(m + 3 * CO + 4);
        const float *v = Vp + ci, *e = Ep + co;
        for (int t = 0; t < nt; t++, v += CI, e += CO) {
          f4 w0 = LD(e), w1 = LD(e + 4), s = LD(v);
          f4 s0 = LANE(s, 0), s1 = LANE(s, 1), s2 = LANE(s, 2), s3 = LANE(s, 3);
          a00 = ADD(a00, MUL(s0, w0)); a01 = ADD(a01, MUL(s0, w1));
          a10 = ADD(a10, MUL(s1, w0)); a11 = ADD(a11, MUL(s1, w1));
          a20 = ADD(a20, MUL(s2, w0)); a21 = ADD(a21, MUL(s2, w1));
          a30 = ADD(a30, MUL(s3, w0)); a31 = ADD(a31, MUL(s3, w1));
        }
        ST(m, a00); ST(m + 4, a01); ST(m + CO, a10); ST(m + CO + 4, a11);
        ST(m + 2 * CO, a20); ST(m + 2 * CO + 4, a21); ST(m + 3 * CO, a30); ST(m + 3 * CO + 4, a31);
      }
      for (; co < CO; co += 4) {
        float *m = Mp + (long)ci * CO + co;
        f4 a0 = LD(m), a1 = LD(m + CO), a2 = LD(m + 2 * CO), a3 = LD(m + 3 * CO);
        const float *v = Vp + ci, *e = Ep + co;
        for (int t = 0; t < nt; t++, v += CI, e += CO) {
          f4 w = LD(e), s = LD(v);
          a0 = ADD(a0, MUL(LANE(s, 0), w)); a1 = ADD(a1, MUL(LANE(s, 1), w));
          a2 = ADD(a2, MUL(LANE(s, 2), w)); a3 = ADD(a3, MUL(LANE(s, 3), w));
        }
        ST(m, a0); ST(m + CO, a1); ST(m + 2 * CO, a2); ST(m + 3 * CO, a3);
      }
    }
  }
}

// dW = G^T M G per (ci, co), G^T = [[1,.5,.5,0],[0,.5,-.5,0],[0,.5,.5,1]].
static void filter_grad_output(const float *M, float *dw, int CI, int CO) {
  long plane = (long)CI * CO;
  const f4 h = SPLAT(0.5f);
  for (long c = 0; c < plane; c += 4) {
#define MROW(i)                                                              \
    f4 m##i##0 = LD(M + (4 * i + 0) * plane + c), m##i##1 = LD(M + (4 * i + 1) * plane + c); \
    f4 m##i##2 = LD(M + (4 * i + 2) * plane + c), m##i##3 = LD(M + (4 * i + 3) * plane + c);
    MROW(0) MROW(1) MROW(2) MROW(3)
#undef MROW
    // Rows: r0 = m0 + .5(m1 + m2), r1 = .5(m1 - m2), r2 = .5(m1 + m2) + m3
#define RCOL(j)                                                              \
    f4 q##j = MUL(h, ADD(m1##j, m2##j));                                     \
    f4 r0##j = ADD(m0##j, q##j), r1##j = MUL(h, SUB(m1##j, m2##j)), r2##j = ADD(q##j, m3##j);
    RCOL(0) RCOL(1) RCOL(2) RCOL(3)
#undef RCOL
#define WROW(i)                                                              \
    {                                                                        \
      f4 q = MUL(h, ADD(r##i##1, r##i##2));                                  \
      ST(dw + (3 * i + 0) * plane + c, ADD(r##i##0, q));                     \
      ST(dw + (3 * i + 1) * plane + c, MUL(h, SUB(r##i##1, r##i##2)));       \
      ST(dw + (3 * i + 2) * plane + c, ADD(q, r##i##3));                     \
    }
    WROW(0) WROW(1) WROW(2)
#undef WROW
  }
}

// dw[3][3][CI][CO] from x[N][H][W][CI] and dy[N][OH][OW][CO]. scratch holds
// 16*CI*CO + 16*TB*(CI+CO) floats. CI and CO are multiples of 4.
__attribute__((export_name("wino_filter_grad")))
void wino_filter_grad(const float *x, int N, int H, int W, int CI, const float *dy, int OH, int OW, int CO, int padTop,
                      int padLeft, float *dw, float *scratch, int TB) {
  long plane = (long)CI * CO;
  float *M = scratch;
  float *V = scratch + 16 * plane;
  float *E = V + 16L * TB * CI;
  const f4 z = SPLAT(0);
  for (long i = 0; i < 16 * plane; i += 4) ST(M + i, z);
  int TH = (OH + 1) / 2, TW = (OW + 1) / 2;
  long tiles = (long)N * TH * TW;
  for (long t0 = 0; t0 < tiles; t0 += TB) {
    int nt = (int)(tiles - t0 < TB ? tiles - t0 : TB);
    for (int k = 0; k < nt; k++) {
      TILE_AT(t0 + k, n, ty, tx);
      input_tile(x, H, W, CI, n, 2 * ty - padTop, 2 * tx - padLeft, V, nt * CI, k);
      dy_tile(dy, OH, OW, CO, n, 2 * ty, 2 * tx, E, nt * CO, k);
    }
    block_gemm_tn(V, E, M, nt, CI, CO);
  }
  filter_grad_output(M, dw, CI, CO);
}
