;; Decodes one JSON string of ASCII text into UTF-16 code units, lower-casing A-Z on request: what
;; JSON.parse and then String.prototype.toLowerCase give for such a string, without either string
;; being made. Sixteen bytes at a time where none of them needs a closer look (a quote, a
;; backslash, a control character or a byte above 0x7f). Compiled by scripts/build-wasm.mjs into
;; json-string-module.ts.
;;
;; Pointers are byte offsets into the imported memory: the string's bytes after its opening quote
;; from $at (up to, not including, $end) and the u16 code units written from $out.
(module
  (import "env" "memory" (memory 1))

  ;; Code units the last `decode` wrote.
  (global $written (mut i32) (i32.const 0))
  (func (export "written") (result i32) (global.get $written))

  ;; The value of the hexadecimal digit $b, or -1.
  (func $hex (param $b i32) (result i32)
    (if (i32.lt_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 10)) (then (return (i32.sub (local.get $b) (i32.const 0x30)))))
    ;; A-F and a-f alike.
    (local.set $b (i32.or (local.get $b) (i32.const 0x20)))
    (if (i32.lt_u (i32.sub (local.get $b) (i32.const 0x61)) (i32.const 6)) (then (return (i32.sub (local.get $b) (i32.const 0x57)))))
    (i32.const -1))

  ;; Returns the offset just past the closing quote, the units written in `written`; or 0 where the
  ;; string is not plain ASCII JSON: no closing quote before $end, a control character, a byte
  ;; above 0x7f, an escape JSON does not have, or \u of a code above 0x7f (which lower-casing
  ;; could change in ways only the engine's tables know). The caller then reads the line with
  ;; JSON.parse, which gives the same text, or says what is wrong.
  (func (export "decode") (param $at i32) (param $end i32) (param $out i32) (param $lower i32) (result i32)
    (local $start i32) (local $bytes v128) (local $b i32) (local $e i32) (local $code i32) (local $k i32) (local $digit i32) (local $upperBit v128)
    (local.set $start (local.get $out))
    ;; 0x20 in each lane where A-Z are lower-cased, else 0.
    (local.set $upperBit (i8x16.splat (i32.mul (local.get $lower) (i32.const 0x20))))
    (loop $next
      ;; Sixteen bytes at once while none is a quote, a backslash, below 0x20 or above 0x7f
      ;; (those two together: below 0x20 as a signed byte).
      (block $slow (loop $fast
        (br_if $slow (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (local.get $end)))
        (local.set $bytes (v128.load (local.get $at)))
        (br_if $slow (v128.any_true (v128.or
          (v128.or (i8x16.eq (local.get $bytes) (i8x16.splat (i32.const 0x22))) (i8x16.eq (local.get $bytes) (i8x16.splat (i32.const 0x5c))))
          (i8x16.lt_s (local.get $bytes) (i8x16.splat (i32.const 0x20))))))
        (local.set $bytes (v128.or (local.get $bytes)
          (v128.and (local.get $upperBit) (i8x16.lt_u (i8x16.sub (local.get $bytes) (i8x16.splat (i32.const 0x41))) (i8x16.splat (i32.const 26))))))
        (v128.store (local.get $out) (i16x8.extend_low_i8x16_u (local.get $bytes)))
        (v128.store offset=16 (local.get $out) (i16x8.extend_high_i8x16_u (local.get $bytes)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (br $fast)))
      ;; One byte.
      (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
      (local.set $b (i32.load8_u (local.get $at)))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (if (i32.eq (local.get $b) (i32.const 0x22))
        (then
          (global.set $written (i32.shr_u (i32.sub (local.get $out) (local.get $start)) (i32.const 1)))
          (return (local.get $at))))
      (if (i32.or (i32.lt_u (local.get $b) (i32.const 0x20)) (i32.gt_u (local.get $b) (i32.const 0x7f))) (then (return (i32.const 0))))
      (if (i32.eq (local.get $b) (i32.const 0x5c))
        (then
          (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
          (local.set $e (i32.load8_u (local.get $at)))
          (local.set $at (i32.add (local.get $at) (i32.const 1)))
          (block $escaped
            (local.set $b (local.get $e))
            (br_if $escaped (i32.or (i32.eq (local.get $e) (i32.const 0x22)) (i32.or (i32.eq (local.get $e) (i32.const 0x5c)) (i32.eq (local.get $e) (i32.const 0x2f)))))
            (local.set $b (i32.const 0x08)) (br_if $escaped (i32.eq (local.get $e) (i32.const 0x62)))
            (local.set $b (i32.const 0x0c)) (br_if $escaped (i32.eq (local.get $e) (i32.const 0x66)))
            (local.set $b (i32.const 0x0a)) (br_if $escaped (i32.eq (local.get $e) (i32.const 0x6e)))
            (local.set $b (i32.const 0x0d)) (br_if $escaped (i32.eq (local.get $e) (i32.const 0x72)))
            (local.set $b (i32.const 0x09)) (br_if $escaped (i32.eq (local.get $e) (i32.const 0x74)))
            (if (i32.ne (local.get $e) (i32.const 0x75)) (then (return (i32.const 0))))
            ;; \u and four hexadecimal digits.
            (if (i32.gt_u (i32.add (local.get $at) (i32.const 4)) (local.get $end)) (then (return (i32.const 0))))
            (local.set $code (i32.const 0))
            (local.set $k (i32.const 0))
            (loop $digits
              (local.set $digit (call $hex (i32.load8_u (i32.add (local.get $at) (local.get $k)))))
              (if (i32.lt_s (local.get $digit) (i32.const 0)) (then (return (i32.const 0))))
              (local.set $code (i32.or (i32.shl (local.get $code) (i32.const 4)) (local.get $digit)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $digits (i32.lt_u (local.get $k) (i32.const 4))))
            (if (i32.gt_u (local.get $code) (i32.const 0x7f)) (then (return (i32.const 0))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (local.set $b (local.get $code)))))
      ;; A-Z lower-cased on request.
      (if (i32.and (local.get $lower) (i32.lt_u (i32.sub (local.get $b) (i32.const 0x41)) (i32.const 26)))
        (then (local.set $b (i32.or (local.get $b) (i32.const 0x20)))))
      (i32.store16 (local.get $out) (local.get $b))
      (local.set $out (i32.add (local.get $out) (i32.const 2)))
      (br $next))
    (unreachable)))
