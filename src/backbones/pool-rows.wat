;; Pools a text's word vectors from an int8 word-vector table held in this module's memory: each
;; distinct token looked up in the table's word index, its row scaled and added, times its count
;; (and its row's weight). `poolStaticVectors` in WebAssembly, so that every engine runs it alike
;; (Node 20 ran the JavaScript lookups and loop a fifth slower than Chromium), four values at a
;; time. Compiled by scripts/build-wasm.mjs into pool-rows-module.ts.
;;
;; `init` says where the table's parts lie (byte offsets into the imported memory): the rows
;; i8[rows × dims], each row's scale f32, the row weights f32 (smooth inverse frequency), the
;; word index (`WordIndex`: i32 slots of row + 1, 0 empty, $mask + 1 of them, found by a word's
;; FNV-1a hash; i32 offsets of each word's code units in u16 $words), and the sums f32[dims].
;;
;; The sums are what the JavaScript loop computes, bit for bit: v(r, d) = f32(table[r · dims + d]
;; · scales[r]), weight = count (times the row's weight, in double precision), and each sum is
;; rounded to float32 after every addition, in the tokens' order:
;; `out[d] += weight * Math.fround(quantized[at + d] * scale)`.
(module
  (import "env" "memory" (memory 1))
  (global $table (mut i32) (i32.const 0))
  (global $scales (mut i32) (i32.const 0))
  (global $rowWeights (mut i32) (i32.const 0))
  (global $slots (mut i32) (i32.const 0))
  (global $mask (mut i32) (i32.const 0))
  (global $offsets (mut i32) (i32.const 0))
  (global $words (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (global $dims (mut i32) (i32.const 0))

  (func (export "init") (param $table i32) (param $scales i32) (param $rowWeights i32) (param $slots i32) (param $mask i32)
    (param $offsets i32) (param $words i32) (param $out i32) (param $dims i32)
    (global.set $table (local.get $table))
    (global.set $scales (local.get $scales))
    (global.set $rowWeights (local.get $rowWeights))
    (global.set $slots (local.get $slots))
    (global.set $mask (local.get $mask))
    (global.set $offsets (local.get $offsets))
    (global.set $words (local.get $words))
    (global.set $out (local.get $out))
    (global.set $dims (local.get $dims)))

  ;; sums[d] += $weight · v($row, d), for d < dims. v is a float32 product: int8 times float32 is
  ;; exact in double precision, so rounding it once to float32 is what f32.mul gives.
  (func $addRow (param $row i32) (param $weight f64)
    (local $at i32) (local $d i32) (local $p i32) (local $scale f32) (local $weight2 v128) (local $scale4 v128)
    (local $v v128) (local $o v128) (local $low v128) (local $high v128)
    (local.set $scale (f32.load (i32.add (global.get $scales) (i32.shl (local.get $row) (i32.const 2)))))
    (local.set $weight2 (f64x2.splat (local.get $weight)))
    (local.set $scale4 (f32x4.splat (local.get $scale)))
    (local.set $at (i32.add (global.get $table) (i32.mul (local.get $row) (global.get $dims))))
    (local.set $d (i32.const 0))
    ;; Four values at a time: int8 → float32 lanes times the scale, then weighted and added in two f64x2 halves.
    (block $tail (loop $four
      (br_if $tail (i32.gt_u (i32.add (local.get $d) (i32.const 4)) (global.get $dims)))
      (local.set $p (i32.add (global.get $out) (i32.shl (local.get $d) (i32.const 2))))
      (local.set $v (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s (v128.load32_zero (i32.add (local.get $at) (local.get $d))))))
        (local.get $scale4)))
      (local.set $o (v128.load (local.get $p)))
      (local.set $low
        (f64x2.add (f64x2.promote_low_f32x4 (local.get $o))
          (f64x2.mul (local.get $weight2) (f64x2.promote_low_f32x4 (local.get $v)))))
      (local.set $high
        (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $o) (local.get $o)))
          (f64x2.mul (local.get $weight2) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))
      (v128.store (local.get $p)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $low)) (f32x4.demote_f64x2_zero (local.get $high))))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (br $four)))
    ;; The last dims % 4 values one at a time.
    (block $row_done (loop $one
      (br_if $row_done (i32.ge_u (local.get $d) (global.get $dims)))
      (local.set $p (i32.add (global.get $out) (i32.shl (local.get $d) (i32.const 2))))
      (f32.store (local.get $p)
        (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $p)))
          (f64.mul (local.get $weight)
            (f64.promote_f32 (f32.mul (f32.convert_i32_s (i32.load8_s (i32.add (local.get $at) (local.get $d)))) (local.get $scale)))))))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $one))))

  ;; Writes the sums of the first $count distinct tokens (byte offsets of their i32 starts, ends,
  ;; hashes and counts, over the u16 code units at $units) and returns how many of their
  ;; occurrences the table has. $weighted: each row also times its row weight.
  (func (export "poolTokens") (param $weighted i32) (param $units i32) (param $starts i32) (param $ends i32) (param $hashes i32) (param $times i32) (param $count i32) (result i32)
    (local $t i32) (local $d i32) (local $start i32) (local $row i32) (local $n i32) (local $found i32) (local $weight f64)
    (local $at i32) (local $length i32) (local $slot i32) (local $held i32) (local $offset i32) (local $wordAt i32) (local $k i32)
    (local.set $d (i32.const 0))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $d) (global.get $dims)))
      (f32.store (i32.add (global.get $out) (i32.shl (local.get $d) (i32.const 2))) (f32.const 0))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $zero)))
    (block $done (loop $token
      (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
      (local.set $start (i32.load (i32.add (local.get $starts) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $at (i32.add (local.get $units) (i32.shl (local.get $start) (i32.const 1))))
      (local.set $length (i32.sub (i32.load (i32.add (local.get $ends) (i32.shl (local.get $t) (i32.const 2)))) (local.get $start)))
      ;; The row of the token's word, or -1 where the table does not have it (`WordIndex.rowOf`):
      ;; probing from its hash's slot to an empty one, for a word of the same length and code units
      ;; (compared four at a time, then one by one). Written out here, as the comparison is: Node 20
      ;; inlines no WebAssembly calls.
      (local.set $row (i32.const -1))
      (local.set $slot (i32.and (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $t) (i32.const 2)))) (global.get $mask)))
      (block $looked_up (loop $probe
        (local.set $held (i32.load (i32.add (global.get $slots) (i32.shl (local.get $slot) (i32.const 2)))))
        (br_if $looked_up (i32.eqz (local.get $held)))
        (local.set $offset (i32.add (global.get $offsets) (i32.shl (i32.sub (local.get $held) (i32.const 1)) (i32.const 2))))
        (local.set $wordAt (i32.load (local.get $offset)))
        (if (i32.eq (i32.sub (i32.load offset=4 (local.get $offset)) (local.get $wordAt)) (local.get $length))
          (then
            (local.set $wordAt (i32.add (global.get $words) (i32.shl (local.get $wordAt) (i32.const 1))))
            (local.set $k (i32.const 0))
            (block $differ
              (loop $four
                (if (i32.le_u (i32.add (local.get $k) (i32.const 4)) (local.get $length))
                  (then
                    (br_if $differ (i64.ne (i64.load (i32.add (local.get $wordAt) (i32.shl (local.get $k) (i32.const 1))))
                                           (i64.load (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 1))))))
                    (local.set $k (i32.add (local.get $k) (i32.const 4)))
                    (br $four))))
              (loop $one
                (if (i32.lt_u (local.get $k) (local.get $length))
                  (then
                    (br_if $differ (i32.ne (i32.load16_u (i32.add (local.get $wordAt) (i32.shl (local.get $k) (i32.const 1))))
                                           (i32.load16_u (i32.add (local.get $at) (i32.shl (local.get $k) (i32.const 1))))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $one))))
              (local.set $row (i32.sub (local.get $held) (i32.const 1)))
              (br $looked_up))))
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (global.get $mask)))
        (br $probe)))
      (if (i32.ge_s (local.get $row) (i32.const 0))
        (then
          (local.set $n (i32.load (i32.add (local.get $times) (i32.shl (local.get $t) (i32.const 2)))))
          (local.set $found (i32.add (local.get $found) (local.get $n)))
          (local.set $weight (f64.convert_i32_s (local.get $n)))
          (if (local.get $weighted)
            (then (local.set $weight (f64.mul (local.get $weight) (f64.promote_f32 (f32.load (i32.add (global.get $rowWeights) (i32.shl (local.get $row) (i32.const 2)))))))))
          (call $addRow (local.get $row) (local.get $weight))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $token)))
    (local.get $found)))
