;; Decodes one JSON string of UTF-8 text into UTF-16 code units, lower-cased on request: what
;; JSON.parse and then String.prototype.toLowerCase give for it, without either string being
;; made. Sixteen bytes at a time up to the next that needs a closer look (a quote, a backslash, a
;; control character or a byte above 0x7f). Compiled by scripts/build-wasm.mjs into
;; json-string-module.ts.
;;
;; Pointers are byte offsets into the imported memory: the lower-case table u16[0x10000] at
;; $table (each BMP code unit's lower case, where toLowerCase maps it to one unit whatever its
;; neighbours; else 0xd800, which no lower case is: surrogates, Σ and İ), the string's bytes
;; after its opening quote from $at (up to, not including, $end) and the u16 code units written
;; from $out. The memory
;; must hold 16 bytes past $end (read, never used) and 32 past the last unit written (written,
;; then written over or left unused): the sixteen-byte step loads and stores whole vectors.
(module
  (import "env" "memory" (memory 1))

  ;; Code units the last `decode` wrote.
  (global $written (mut i32) (i32.const 0))
  (func (export "written") (result i32) (global.get $written))

  ;; The code of the four hexadecimal digits at $at, or -1. Each digit worked out here, not by a
  ;; call: Node 20 inlines none, and text written with every character past ASCII as a \u escape
  ;; (Python's json.dumps does so by default) has four digits a character.
  (func $hex4 (param $at i32) (result i32)
    (local $code i32) (local $k i32) (local $b i32) (local $digit i32)
    (loop $digits
      (local.set $b (i32.load8_u (i32.add (local.get $at) (local.get $k))))
      (local.set $digit (i32.sub (local.get $b) (i32.const 0x30)))
      ;; Not 0-9: A-F and a-f alike (0x57 is 'a' less ten).
      (if (i32.ge_u (local.get $digit) (i32.const 10))
        (then
          (local.set $digit (i32.sub (i32.or (local.get $b) (i32.const 0x20)) (i32.const 0x57)))
          (if (i32.ge_u (i32.sub (local.get $digit) (i32.const 10)) (i32.const 6)) (then (return (i32.const -1))))))
      (local.set $code (i32.or (i32.shl (local.get $code) (i32.const 4)) (local.get $digit)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $digits (i32.lt_u (local.get $k) (i32.const 4))))
    (local.get $code))

  ;; Whether the byte at $at is a UTF-8 continuation byte (10xxxxxx).
  (func $continues (param $at i32) (result i32)
    (i32.eq (i32.and (i32.load8_u (local.get $at)) (i32.const 0xc0)) (i32.const 0x80)))

  ;; Returns the offset just past the closing quote, the units written in `written`; or 0 where the
  ;; caller must read the string another way. JSON.parse gives the same text, or says what is
  ;; wrong, for: no closing quote before $end, a control character, bytes that are not UTF-8, an
  ;; escape JSON does not have, a lone surrogate. Lower-casing, also for a character whose lower
  ;; case the table does not give (Σ, whose lower case depends on the letters around it; İ, which
  ;; becomes two units, is written here) or a code point from U+10000 up to U+1EFFF (where the
  ;; cased letters above the BMP are): decoded again as it is, toLowerCase lower-cases the string.
  (func (export "decode") (param $table i32) (param $at i32) (param $end i32) (param $out i32) (param $lower i32) (result i32)
    (local $start i32) (local $bytes v128) (local $b i32) (local $e i32) (local $cp i32) (local $low i32) (local $upperBit v128) (local $lowered v128) (local $plain i32)
    (local.set $start (local.get $out))
    ;; 0x20 in each lane where A-Z are lower-cased, else 0.
    (local.set $upperBit (i8x16.splat (i32.mul (local.get $lower) (i32.const 0x20))))
    (loop $next
      ;; Sixteen bytes at once: each written out (widened to a code unit, A-Z lower-cased), then
      ;; the pointers moved past those before the first that needs a closer look: a quote, a
      ;; backslash, below 0x20 or above 0x7f (those two together: below 0x20 as a signed byte).
      ;; The units written past that one are written again. Never past $end (a line without a
      ;; closing quote): the bytes loaded beyond it are the memory's, not the string's.
      (block $slow (loop $fast
        (local.set $bytes (v128.load (local.get $at)))
        (local.set $lowered (v128.or (local.get $bytes)
          (v128.and (local.get $upperBit) (i8x16.lt_u (i8x16.sub (local.get $bytes) (i8x16.splat (i32.const 0x41))) (i8x16.splat (i32.const 26))))))
        (v128.store (local.get $out) (i16x8.extend_low_i8x16_u (local.get $lowered)))
        (v128.store offset=16 (local.get $out) (i16x8.extend_high_i8x16_u (local.get $lowered)))
        ;; How many come before the first to look at (16: none is), at most up to $end.
        (local.set $plain (i32.ctz (i32.or (i32.const 0x10000) (i8x16.bitmask (v128.or
          (v128.or (i8x16.eq (local.get $bytes) (i8x16.splat (i32.const 0x22))) (i8x16.eq (local.get $bytes) (i8x16.splat (i32.const 0x5c))))
          (i8x16.lt_s (local.get $bytes) (i8x16.splat (i32.const 0x20))))))))
        (if (i32.gt_u (local.get $plain) (i32.sub (local.get $end) (local.get $at)))
          (then (local.set $plain (i32.sub (local.get $end) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (local.get $plain)))
        (local.set $out (i32.add (local.get $out) (i32.shl (local.get $plain) (i32.const 1))))
        (br_if $fast (i32.eq (local.get $plain) (i32.const 16)))))
      ;; One character, its code point in $cp; again at once for an escape right after one (a run of
      ;; \u escapes), rather than back through the sixteen-byte step, which would stop at its first byte.
      (loop $char
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
        (local.set $b (i32.load8_u (local.get $at)))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (if (i32.eq (local.get $b) (i32.const 0x22))
          (then
            (global.set $written (i32.shr_u (i32.sub (local.get $out) (local.get $start)) (i32.const 1)))
            (return (local.get $at))))
        (if (i32.lt_u (local.get $b) (i32.const 0x20)) (then (return (i32.const 0))))
        (local.set $cp (local.get $b))
        (block $read
          (if (i32.eq (local.get $b) (i32.const 0x5c))
            (then
              (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
              (local.set $e (i32.load8_u (local.get $at)))
              (local.set $at (i32.add (local.get $at) (i32.const 1)))
              (if (i32.eq (local.get $e) (i32.const 0x75))
                (then
                  ;; \u and four hexadecimal digits, looked for first (text with every non-ASCII character
                  ;; escaped has one a character); a high surrogate only with a \u low one after it.
                  (if (i32.gt_u (i32.add (local.get $at) (i32.const 4)) (local.get $end)) (then (return (i32.const 0))))
                  (local.set $cp (call $hex4 (local.get $at)))
                  (if (i32.lt_s (local.get $cp) (i32.const 0)) (then (return (i32.const 0))))
                  (local.set $at (i32.add (local.get $at) (i32.const 4)))
                  (br_if $read (i32.ne (i32.and (local.get $cp) (i32.const 0xf800)) (i32.const 0xd800)))
                  (if (i32.ge_u (local.get $cp) (i32.const 0xdc00)) (then (return (i32.const 0))))
                  (if (i32.gt_u (i32.add (local.get $at) (i32.const 6)) (local.get $end)) (then (return (i32.const 0))))
                  (if (i32.or (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x5c)) (i32.ne (i32.load8_u offset=1 (local.get $at)) (i32.const 0x75))) (then (return (i32.const 0))))
                  (local.set $low (call $hex4 (i32.add (local.get $at) (i32.const 2))))
                  (if (i32.ne (i32.and (local.get $low) (i32.const 0xfc00)) (i32.const 0xdc00)) (then (return (i32.const 0))))
                  (local.set $at (i32.add (local.get $at) (i32.const 6)))
                  (local.set $cp (i32.add (i32.add (i32.shl (i32.sub (local.get $cp) (i32.const 0xd800)) (i32.const 10)) (i32.sub (local.get $low) (i32.const 0xdc00))) (i32.const 0x10000)))
                  (br $read)))
              (local.set $cp (local.get $e))
              (br_if $read (i32.or (i32.eq (local.get $e) (i32.const 0x22)) (i32.or (i32.eq (local.get $e) (i32.const 0x5c)) (i32.eq (local.get $e) (i32.const 0x2f)))))
              (local.set $cp (i32.const 0x08)) (br_if $read (i32.eq (local.get $e) (i32.const 0x62)))
              (local.set $cp (i32.const 0x0c)) (br_if $read (i32.eq (local.get $e) (i32.const 0x66)))
              (local.set $cp (i32.const 0x0a)) (br_if $read (i32.eq (local.get $e) (i32.const 0x6e)))
              (local.set $cp (i32.const 0x0d)) (br_if $read (i32.eq (local.get $e) (i32.const 0x72)))
              (local.set $cp (i32.const 0x09)) (br_if $read (i32.eq (local.get $e) (i32.const 0x74)))
              (return (i32.const 0))))
          (br_if $read (i32.lt_u (local.get $b) (i32.const 0x80)))
          ;; UTF-8: two bytes (C2-DF), three (E0-EF; not overlong, not a surrogate) or four (F0-F4; up to U+10FFFF).
          ;; Two bytes (C2-DF: U+0080 to U+07FF, Greek, Cyrillic, Hebrew, Arabic, accented Latin...)
          ;; or three (E0-EF: the rest of the BMP, Chinese, Japanese, Korean, Indic scripts...), and
          ;; the two- and three-byte characters right after it in the same loop (a word, or a run of
          ;; Chinese), rather than each back through the sixteen-byte step (ten times slower on
          ;; Cyrillic; on Chinese the command's one worker ran at 0.77-0.90 of the page).
          (if (i32.lt_u (i32.sub (local.get $b) (i32.const 0xc2)) (i32.const 46))
            (then
              (loop $multi
                (if (i32.lt_u (local.get $b) (i32.const 0xe0))
                  (then
                    (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
                    (local.set $e (i32.load8_u (local.get $at)))
                    (if (i32.ne (i32.and (local.get $e) (i32.const 0xc0)) (i32.const 0x80)) (then (return (i32.const 0))))
                    (local.set $cp (i32.or (i32.shl (i32.and (local.get $b) (i32.const 0x1f)) (i32.const 6)) (i32.and (local.get $e) (i32.const 0x3f))))
                    (local.set $at (i32.add (local.get $at) (i32.const 1))))
                  (else
                    ;; Not overlong (below U+0800), not a surrogate.
                    (if (i32.gt_u (i32.add (local.get $at) (i32.const 2)) (local.get $end)) (then (return (i32.const 0))))
                    ;; Both continuation bytes at once (10xxxxxx each), no call: Node 20 inlines none.
                    (local.set $e (i32.load16_u (local.get $at)))
                    (if (i32.ne (i32.and (local.get $e) (i32.const 0xc0c0)) (i32.const 0x8080)) (then (return (i32.const 0))))
                    (local.set $cp (i32.or (i32.or
                      (i32.shl (i32.and (local.get $b) (i32.const 0x0f)) (i32.const 12))
                      (i32.shl (i32.and (local.get $e) (i32.const 0x3f)) (i32.const 6)))
                      (i32.and (i32.shr_u (local.get $e) (i32.const 8)) (i32.const 0x3f))))
                    (if (i32.lt_u (local.get $cp) (i32.const 0x800)) (then (return (i32.const 0))))
                    (if (i32.eq (i32.and (local.get $cp) (i32.const 0xf800)) (i32.const 0xd800)) (then (return (i32.const 0))))
                    (local.set $at (i32.add (local.get $at) (i32.const 2)))))
                (if (local.get $lower)
                  (then
                    (local.set $e (local.get $cp))
                    (local.set $cp (i32.load16_u (i32.add (local.get $table) (i32.shl (local.get $cp) (i32.const 1)))))
                    (if (i32.eq (local.get $cp) (i32.const 0xd800))
                      (then
                        ;; İ is i and a combining dot above, wherever it stands (the one such character); Σ
                        ;; and the rest are left to the caller. Written out here and again below: Node 20
                        ;; would call a function for every character of the loop.
                        (if (i32.ne (local.get $e) (i32.const 0x130)) (then (return (i32.const 0))))
                        (i32.store16 (local.get $out) (i32.const 0x69))
                        (local.set $out (i32.add (local.get $out) (i32.const 2)))
                        (local.set $cp (i32.const 0x307))))))
                (i32.store16 (local.get $out) (local.get $cp))
                (local.set $out (i32.add (local.get $out) (i32.const 2)))
                (br_if $next (i32.ge_u (local.get $at) (local.get $end)))
                (local.set $b (i32.load8_u (local.get $at)))
                (br_if $next (i32.ge_u (i32.sub (local.get $b) (i32.const 0xc2)) (i32.const 46)))
                (local.set $at (i32.add (local.get $at) (i32.const 1)))
                (br $multi))))
          (if (i32.ge_u (i32.sub (local.get $b) (i32.const 0xf0)) (i32.const 5)) (then (return (i32.const 0))))
          (if (i32.gt_u (i32.add (local.get $at) (i32.const 3)) (local.get $end)) (then (return (i32.const 0))))
          (if (i32.eqz (i32.and (i32.and (call $continues (local.get $at)) (call $continues (i32.add (local.get $at) (i32.const 1)))) (call $continues (i32.add (local.get $at) (i32.const 2)))))
            (then (return (i32.const 0))))
          (local.set $cp (i32.or (i32.or (i32.or
            (i32.shl (i32.and (local.get $b) (i32.const 0x07)) (i32.const 18))
            (i32.shl (i32.and (i32.load8_u (local.get $at)) (i32.const 0x3f)) (i32.const 12)))
            (i32.shl (i32.and (i32.load8_u offset=1 (local.get $at)) (i32.const 0x3f)) (i32.const 6)))
            (i32.and (i32.load8_u offset=2 (local.get $at)) (i32.const 0x3f))))
          (if (i32.or (i32.lt_u (local.get $cp) (i32.const 0x10000)) (i32.gt_u (local.get $cp) (i32.const 0x10ffff))) (then (return (i32.const 0))))
          (local.set $at (i32.add (local.get $at) (i32.const 3))))
        ;; Above the BMP: a surrogate pair, as it is (no lower case from U+1F000 up).
        (if (i32.ge_u (local.get $cp) (i32.const 0x10000))
          (then
            (if (i32.and (local.get $lower) (i32.lt_u (local.get $cp) (i32.const 0x1f000))) (then (return (i32.const 0))))
            (local.set $cp (i32.sub (local.get $cp) (i32.const 0x10000)))
            (i32.store16 (local.get $out) (i32.add (i32.const 0xd800) (i32.shr_u (local.get $cp) (i32.const 10))))
            (i32.store16 offset=2 (local.get $out) (i32.add (i32.const 0xdc00) (i32.and (local.get $cp) (i32.const 0x3ff))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (br_if $char (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x5c)))
            (br $next)))
        (if (local.get $lower)
          (then
            (local.set $e (local.get $cp))
            (local.set $cp (i32.load16_u (i32.add (local.get $table) (i32.shl (local.get $cp) (i32.const 1)))))
            (if (i32.eq (local.get $cp) (i32.const 0xd800))
              (then
                ;; İ, as in the loop above.
                (if (i32.ne (local.get $e) (i32.const 0x130)) (then (return (i32.const 0))))
                (i32.store16 (local.get $out) (i32.const 0x69))
                (local.set $out (i32.add (local.get $out) (i32.const 2)))
                (local.set $cp (i32.const 0x307))))))
        (i32.store16 (local.get $out) (local.get $cp))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        ;; At $end this reads the byte after the string's bytes: the character that follows then
        ;; returns 0 as the sixteen-byte step's would.
        (br_if $char (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x5c)))
        (br $next)))
    (unreachable)))
