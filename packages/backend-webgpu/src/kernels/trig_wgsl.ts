/**
 * sin and cos in WGSL (Cephes sinf/cosf: reduction by π/4 in three exact parts, then minimax
 * polynomials), because the built-ins are low precision on some drivers (SwiftShader's were
 * 2e-5 off). Full float32 accuracy for |x| up to about 8192; beyond, the reduction loses bits.
 */
export const TRIG_WGSL = `
fn sin_poly(z: f32) -> f32 { let zz = z * z; return ((-1.9515295891e-4 * zz + 8.3321608736e-3) * zz - 1.6666654611e-1) * zz * z + z; }
fn cos_poly(z: f32) -> f32 { let zz = z * z; return ((2.443315711809948e-5 * zz - 1.388731625493765e-3) * zz + 4.166664568298827e-2) * zz * zz - 0.5 * zz + 1.0; }
fn reduce_quarter(ax: f32, j: ptr<function, u32>) -> f32 {
  var q = u32(ax * 1.2732395447351628);
  if ((q & 1u) == 1u) { q = q + 1u; }
  let y = f32(q);
  *j = q & 7u;
  return ((ax - y * 0.78515625) - y * 2.4187564849853515625e-4) - y * 3.77489497744594108e-8;
}
fn sin_f(x: f32) -> f32 {
  if (is_nan(x) || is_inf(x)) { return nan_f(); }
  var s = select(1.0, -1.0, x < 0.0);
  var j = 0u;
  let z = reduce_quarter(abs(x), &j);
  if (j > 3u) { s = -s; j = j - 4u; }
  let y = select(sin_poly(z), cos_poly(z), j == 1u || j == 2u);
  return s * y;
}
fn cos_f(x: f32) -> f32 {
  if (is_nan(x) || is_inf(x)) { return nan_f(); }
  var s = 1.0;
  var j = 0u;
  let z = reduce_quarter(abs(x), &j);
  if (j > 3u) { s = -s; j = j - 4u; }
  if (j > 1u) { s = -s; }
  let y = select(cos_poly(z), sin_poly(z), j == 1u || j == 2u);
  return s * y;
}`;
