/**
 * The row statistics of the softmax family in WGSL: one workgroup per row, each thread folding
 * its strided elements into an online (max, sum of exp(x − max)) pair, then a tree merge in
 * shared memory. NaN and +∞ are tracked as flags outside the online pair, so −∞ masks, all
 * −∞ rows and logits ±1e4 apart need no special cases: the results match the CPU backend's
 * (NaN rows where it has them, exact 0 / −∞ for masked entries, finite elsewhere).
 */

/** Threads per row. */
export const ROW_WG = 64;

/**
 * WGSL declaring `row_stats(base, len, stride, lid)`, which leaves the merged statistics of the
 * row in `st_m[0]`, `st_s[0]` and `st_f[0]` (bit 1: a NaN, bit 2: a +∞) for every thread.
 * Needs an input binding named `x`.
 */
export const ROW_STATS_WGSL = `
var<workgroup> st_m: array<f32, ${ROW_WG}>;
var<workgroup> st_s: array<f32, ${ROW_WG}>;
var<workgroup> st_f: array<u32, ${ROW_WG}>;
fn merge_term(s: f32, m: f32, to: f32) -> f32 { return select(s * exp(m - to), 0.0, s == 0.0); }
fn row_stats(base: u32, len: u32, stride: u32, lid: u32, valid: bool) {
  var m = -inf_f();
  var s = 0.0;
  var f = 0u;
  if (valid) {
    for (var k = lid; k < len; k += ${ROW_WG}u) {
      let v = x[base + k * stride];
      if (is_nan(v)) { f = f | 1u; continue; }
      if (v == inf_f()) { f = f | 2u; continue; }
      if (v == -inf_f()) { continue; }
      if (v > m) { s = merge_term(s, m, v) + 1.0; m = v; } else { s = s + exp(v - m); }
    }
  }
  st_m[lid] = m; st_s[lid] = s; st_f[lid] = f;
  workgroupBarrier();
  for (var h = ${ROW_WG / 2}u; h > 0u; h >>= 1u) {
    if (lid < h) {
      let m1 = st_m[lid]; let m2 = st_m[lid + h];
      let mm = max(m1, m2);
      if (mm != -inf_f()) { st_s[lid] = merge_term(st_s[lid], m1, mm) + merge_term(st_s[lid + h], m2, mm); }
      st_m[lid] = mm;
      st_f[lid] = st_f[lid] | st_f[lid + h];
    }
    workgroupBarrier();
  }
}`;

/**
 * The same statistics computed by one thread for its whole row (`row_stats_serial`), for many
 * rows at once where a workgroup per row would mostly wait at barriers.
 */
export const ROW_STATS_SERIAL_WGSL = `
struct RowStats { m: f32, s: f32, f: u32 }
fn merge_term(s: f32, m: f32, to: f32) -> f32 { return select(s * exp(m - to), 0.0, s == 0.0); }
fn row_stats_serial(base: u32, len: u32, stride: u32) -> RowStats {
  var m = -inf_f();
  var s = 0.0;
  var f = 0u;
  for (var k = 0u; k < len; k++) {
    let v = x[base + k * stride];
    if (is_nan(v)) { f = f | 1u; continue; }
    if (v == inf_f()) { f = f | 2u; continue; }
    if (v == -inf_f()) { continue; }
    if (v > m) { s = merge_term(s, m, v) + 1.0; m = v; } else { s = s + exp(v - m); }
  }
  return RowStats(m, s, f);
}`;
