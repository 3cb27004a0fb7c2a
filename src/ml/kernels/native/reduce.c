// Column sums for tfjs-backend-wasm's Sum over leading axes (every bias gradient):
// out[j] = sum over r of x[r*n + j]. SIMD over four columns, partial sums of 32 rows in
// float32, accumulated in float64 so sums over a whole batch of feature maps stay exact
// to float32 precision. Same rules as winograd.c: no stack, no static data.
#include <wasm_simd128.h>

__attribute__((export_name("sum_rows")))
void sum_rows(const float *x, int rows, int n, float *out, double *acc) {
  for (int j = 0; j < n; j++) acc[j] = 0.0;
  for (int r0 = 0; r0 < rows; r0 += 32) {
    int r1 = r0 + 32 < rows ? r0 + 32 : rows;
    for (int j = 0; j < n; j += 4) {
      v128_t s = wasm_f32x4_splat(0.0f);
      const float *p = x + (long)r0 * n + j;
      for (int r = r0; r < r1; r++, p += n) s = wasm_f32x4_add(s, wasm_v128_load(p));
      v128_t lo = wasm_f64x2_add(wasm_v128_load(acc + j), wasm_f64x2_promote_low_f32x4(s));
      v128_t hi = wasm_f64x2_add(wasm_v128_load(acc + j + 2), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(s, s, 2, 3, 0, 1)));
      wasm_v128_store(acc + j, lo);
      wasm_v128_store(acc + j + 2, hi);
    }
  }
  for (int j = 0; j < n; j += 4) {
    v128_t lo = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(acc + j));
    v128_t hi = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(acc + j + 2));
    wasm_v128_store(out + j, wasm_i32x4_shuffle(lo, hi, 0, 1, 4, 5));
  }
}
