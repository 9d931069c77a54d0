;; Sums scaled rows of an int8 word-vector table: the inner loop of `poolStaticVectors`, in
;; WebAssembly so that every engine runs it alike (Node 20's compiler made the JavaScript loop
;; a fifth slower than Chromium's; WebAssembly runs at one speed in both), four values at a time.
;; Compiled by scripts/build-wasm.mjs into pool-rows-module.ts.
;;
;; pool(out, table, scales, rows, weights, count, dims): out[d] = Σ_k weights[k] · v(rows[k], d)
;; for d < dims, where v(r, d) = f32(table[r · dims + d] · scales[r]) and each sum is rounded to
;; float32 after every addition, in this order: bit for bit what the JavaScript loop
;; `out[d] += weight * Math.fround(quantized[at + d] * scale)` computes. Pointers are byte
;; offsets into the imported memory: out f32[dims], table i8[rows × dims], scales f32 per row,
;; rows i32[count], weights f64[count].
(module
  (import "env" "memory" (memory 1))
  (func (export "pool") (param $out i32) (param $table i32) (param $scales i32) (param $rows i32) (param $weights i32) (param $count i32) (param $dims i32)
    (local $k i32) (local $row i32) (local $at i32) (local $d i32) (local $p i32)
    (local $weight f64) (local $scale f64) (local $weight2 v128) (local $scale2 v128)
    (local $q v128) (local $o v128) (local $low v128) (local $high v128)
    ;; out = 0
    (local.set $d (i32.const 0))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $d) (local.get $dims)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2))) (f32.const 0))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $zero)))
    (block $done (loop $next_row
      (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
      (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
      (local.set $weight (f64.load (i32.add (local.get $weights) (i32.shl (local.get $k) (i32.const 3)))))
      (local.set $scale (f64.promote_f32 (f32.load (i32.add (local.get $scales) (i32.shl (local.get $row) (i32.const 2))))))
      (local.set $weight2 (f64x2.splat (local.get $weight)))
      (local.set $scale2 (f64x2.splat (local.get $scale)))
      (local.set $at (i32.add (local.get $table) (i32.mul (local.get $row) (local.get $dims))))
      (local.set $d (i32.const 0))
      ;; Four values at a time: int8 → i32 lanes, the products in two f64x2 halves.
      (block $tail (loop $four
        (br_if $tail (i32.gt_u (i32.add (local.get $d) (i32.const 4)) (local.get $dims)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2))))
        (local.set $q (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s (v128.load32_zero (i32.add (local.get $at) (local.get $d))))))
        (local.set $o (v128.load (local.get $p)))
        (local.set $low
          (f64x2.add (f64x2.promote_low_f32x4 (local.get $o))
            (f64x2.mul (local.get $weight2)
              (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $q)) (local.get $scale2)))))))
        (local.set $high
          (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $o) (local.get $o)))
            (f64x2.mul (local.get $weight2)
              (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
                (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q))) (local.get $scale2)))))))
        (v128.store (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $low)) (f32x4.demote_f64x2_zero (local.get $high))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $four)))
      ;; The last dims % 4 values one at a time.
      (block $row_done (loop $one
        (br_if $row_done (i32.ge_u (local.get $d) (local.get $dims)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2))))
        (f32.store (local.get $p)
          (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $p)))
            (f64.mul (local.get $weight)
              (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.convert_i32_s (i32.load8_s (i32.add (local.get $at) (local.get $d)))) (local.get $scale))))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $one)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $next_row)))))
