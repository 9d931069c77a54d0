;; A linear head's logits past the bias: each text's dense features times the dense kernel, then
;; its sparse entries' values times their buckets' rows of the sparse table, added to the text's
;; logits so far. What `headLogits` computes in JavaScript, term for term in the same order and in
;; double precision (each float32 value and weight widened, multiplied and added as JavaScript
;; does; a dense feature of 0 skipped, as there), so the same logits bit for bit; in WebAssembly
;; because Node 20 ran the JavaScript loops at a third of this speed (its typed array loads checked
;; and converted one by one). Compiled by scripts/build-wasm.mjs into head-sums-module.ts.
;;
;; Pointers are byte offsets into the imported memory: the dense kernel f32[dims × classes] and
;; the dense features f32[rows × dims] (row-major), the sparse table f32[buckets × classes]
;; (row-major, a bucket's row its classes' weights), offsets i32[rows + 1] (text r's entries are
;; offsets[r]..offsets[r + 1]), indices i32[] and values f32[] (the entries), and the logits
;; f64[rows × classes], which hold each text's bias (and, for the sparse sums, its dense part) on
;; entry.
(module
  (import "env" "memory" (memory 1))

  ;; Dense features times the kernel, two classes (every binary model): the two sums in locals.
  (func (export "addDenseOfTwo") (param $kernel i32) (param $dims i32) (param $dense i32) (param $rows i32) (param $logits i32)
    (local $r i32) (local $d i32) (local $x i32) (local $out i32) (local $at i32) (local $value f64) (local $first f64) (local $second f64)
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $out (i32.add (local.get $logits) (i32.shl (local.get $r) (i32.const 4))))
      (local.set $first (f64.load (local.get $out)))
      (local.set $second (f64.load offset=8 (local.get $out)))
      (local.set $x (i32.add (local.get $dense) (i32.shl (i32.mul (local.get $r) (local.get $dims)) (i32.const 2))))
      (local.set $d (i32.const 0))
      (block $features_done (loop $feature
        (br_if $features_done (i32.ge_u (local.get $d) (local.get $dims)))
        (local.set $value (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $d) (i32.const 2))))))
        (if (f64.ne (local.get $value) (f64.const 0))
          (then
            (local.set $at (i32.add (local.get $kernel) (i32.shl (local.get $d) (i32.const 3))))
            (local.set $first (f64.add (local.get $first) (f64.mul (local.get $value) (f64.promote_f32 (f32.load (local.get $at))))))
            (local.set $second (f64.add (local.get $second) (f64.mul (local.get $value) (f64.promote_f32 (f32.load offset=4 (local.get $at))))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $feature)))
      (f64.store (local.get $out) (local.get $first))
      (f64.store offset=8 (local.get $out) (local.get $second))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))

  ;; Dense features times the kernel, any number of classes: each feature adds its kernel row to the text's logits in memory.
  (func (export "addDense") (param $kernel i32) (param $classes i32) (param $dims i32) (param $dense i32) (param $rows i32) (param $logits i32)
    (local $r i32) (local $d i32) (local $c i32) (local $x i32) (local $out i32) (local $at i32) (local $value f64) (local $sum i32)
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $out (i32.add (local.get $logits) (i32.shl (i32.mul (local.get $r) (local.get $classes)) (i32.const 3))))
      (local.set $x (i32.add (local.get $dense) (i32.shl (i32.mul (local.get $r) (local.get $dims)) (i32.const 2))))
      (local.set $d (i32.const 0))
      (block $features_done (loop $feature
        (br_if $features_done (i32.ge_u (local.get $d) (local.get $dims)))
        (local.set $value (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $d) (i32.const 2))))))
        (if (f64.ne (local.get $value) (f64.const 0))
          (then
            (local.set $at (i32.add (local.get $kernel) (i32.shl (i32.mul (local.get $d) (local.get $classes)) (i32.const 2))))
            (local.set $c (i32.const 0))
            (block $classes_done (loop $class
              (br_if $classes_done (i32.ge_u (local.get $c) (local.get $classes)))
              (local.set $sum (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3))))
              (f64.store (local.get $sum)
                (f64.add (f64.load (local.get $sum))
                  (f64.mul (local.get $value) (f64.promote_f32 (f32.load (i32.add (local.get $at) (i32.shl (local.get $c) (i32.const 2))))))))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br $class)))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $feature)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))

  ;; Sparse entries times their rows, two classes: the two sums held in locals.
  (func (export "addRowsOfTwo") (param $table i32) (param $offsets i32) (param $indices i32) (param $values i32) (param $rows i32) (param $logits i32)
    (local $r i32) (local $k i32) (local $end i32) (local $out i32) (local $at i32) (local $value f64) (local $first f64) (local $second f64)
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $out (i32.add (local.get $logits) (i32.shl (local.get $r) (i32.const 4))))
      (local.set $first (f64.load (local.get $out)))
      (local.set $second (f64.load offset=8 (local.get $out)))
      (local.set $k (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $r) (i32.const 2)))))
      (block $entries_done (loop $entry
        (br_if $entries_done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $value (f64.promote_f32 (f32.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $at (i32.add (local.get $table) (i32.shl (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3))))
        (local.set $first (f64.add (local.get $first) (f64.mul (local.get $value) (f64.promote_f32 (f32.load (local.get $at))))))
        (local.set $second (f64.add (local.get $second) (f64.mul (local.get $value) (f64.promote_f32 (f32.load offset=4 (local.get $at))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $entry)))
      (f64.store (local.get $out) (local.get $first))
      (f64.store offset=8 (local.get $out) (local.get $second))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))

  ;; Sparse entries times their rows, any number of classes: each entry adds its row to the text's logits in memory.
  (func (export "addRows") (param $table i32) (param $classes i32) (param $offsets i32) (param $indices i32) (param $values i32) (param $rows i32) (param $logits i32)
    (local $r i32) (local $k i32) (local $end i32) (local $out i32) (local $at i32) (local $c i32) (local $value f64) (local $sum i32)
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $out (i32.add (local.get $logits) (i32.shl (i32.mul (local.get $r) (local.get $classes)) (i32.const 3))))
      (local.set $k (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $r) (i32.const 2)))))
      (block $entries_done (loop $entry
        (br_if $entries_done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $value (f64.promote_f32 (f32.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $at (i32.add (local.get $table)
          (i32.shl (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (local.get $classes)) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $classes_done (loop $class
          (br_if $classes_done (i32.ge_u (local.get $c) (local.get $classes)))
          (local.set $sum (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3))))
          (f64.store (local.get $sum)
            (f64.add (f64.load (local.get $sum))
              (f64.mul (local.get $value) (f64.promote_f32 (f32.load (i32.add (local.get $at) (i32.shl (local.get $c) (i32.const 2))))))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $class)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $entry)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row)))))
