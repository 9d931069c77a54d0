;; Finds a lower-cased text's tokens: what the JavaScript scanner in tokenize.ts finds (runs of
;; letters and digits with inner ' . ’ joiners, or single other characters that are not white
;; space; each token's first ’ written as '), as spans with their FNV-1a hashes, in WebAssembly
;; so that Node 20 runs it as fast as Chromium. Compiled by scripts/build-wasm.mjs into
;; tokenize-module.ts.
;;
;; Pointers are byte offsets into the imported memory: the class of each code point u8[0x110000]
;; at $classes (1 symbol, 2 word, 3 space; 0 not yet known: `classify` gives it, and it is kept),
;; the text's code units u16[n] at $units (each token's first ’ is rewritten there), and the
;; spans: i32 starts, ends and hashes, u8 words (1 for a word, 0 for a symbol).
;;
;; `distinct` then groups those spans into distinct tokens, as `distinctTokensInJavaScript` in
;; distinct-tokens.ts does (in order of first occurrence, with how often each occurs).
(module
  (import "env" "memory" (memory 1))
  (import "env" "classify" (func $classify (param i32) (result i32)))

  ;; The class of $cp, asking `classify` the first time a code point is met (not written out
  ;; where it is used: it is called for the few code points met for the first time only).
  (func $learn (param $classes i32) (param $cp i32) (result i32)
    (local $class i32)
    (local.set $class (call $classify (local.get $cp)))
    (i32.store8 (i32.add (local.get $classes) (local.get $cp)) (local.get $class))
    (local.get $class))

  ;; Returns how many spans it wrote (at most $maxTokens).
  (func (export "tokenize") (param $classes i32) (param $units i32) (param $n i32) (param $maxTokens i32)
    (param $starts i32) (param $ends i32) (param $hashes i32) (param $words i32) (result i32)
    (local $i i32) (local $count i32) (local $unit i32) (local $next i32) (local $cp i32) (local $size i32)
    (local $class i32) (local $wordClass i32) (local $start i32) (local $h i32) (local $joiner i32) (local $rewritten i32)
    (block $done (loop $token
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (br_if $done (i32.ge_u (local.get $count) (local.get $maxTokens)))
      ;; The code point at i (a surrogate pair as one; a lone surrogate as itself) and its class.
      (local.set $unit (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $i) (i32.const 1)))))
      (local.set $cp (local.get $unit))
      (local.set $size (i32.const 1))
      (if (i32.and (i32.eq (i32.and (local.get $unit) (i32.const 0xfc00)) (i32.const 0xd800)) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
        (then
          (local.set $next (i32.load16_u (i32.add (local.get $units) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 1)))))
          (if (i32.eq (i32.and (local.get $next) (i32.const 0xfc00)) (i32.const 0xdc00))
            (then
              (local.set $cp (i32.add (i32.add (i32.shl (i32.sub (local.get $unit) (i32.const 0xd800)) (i32.const 10)) (i32.sub (local.get $next) (i32.const 0xdc00))) (i32.const 0x10000)))
              (local.set $size (i32.const 2))))))
      (local.set $class (i32.load8_u (i32.add (local.get $classes) (local.get $cp))))
      (if (i32.eqz (local.get $class)) (then (local.set $class (call $learn (local.get $classes) (local.get $cp)))))
      ;; The span [start, i) is hashed as it is read (FNV-1a: fnv1aUnits in src/util/hash.ts), its
      ;; first ’ rewritten as ' and hashed so, in one pass: no second pass over its units.
      (block $spanned
        ;; White space separates tokens.
        (if (i32.eq (local.get $class) (i32.const 3))
          (then
            (local.set $i (i32.add (local.get $i) (local.get $size)))
            (br $token)))
        (local.set $start (local.get $i))
        (local.set $i (i32.add (local.get $i) (local.get $size)))
        ;; A single other character: a ’ is written as '.
        (if (i32.and (i32.eq (local.get $class) (i32.const 1)) (i32.eq (local.get $cp) (i32.const 0x2019)))
          (then
            (i32.store16 (i32.add (local.get $units) (i32.shl (local.get $start) (i32.const 1))) (i32.const 0x27))
            (local.set $unit (i32.const 0x27))))
        ;; The first code point's units hashed, a symbol's or a word's.
        (local.set $h (i32.mul (i32.xor (i32.const 0x811c9dc5) (local.get $unit)) (i32.const 0x01000193)))
        (if (i32.eq (local.get $size) (i32.const 2))
          (then (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $next)) (i32.const 0x01000193)))))
        (br_if $spanned (i32.eq (local.get $class) (i32.const 1)))
        ;; A word: letters and digits, on past a joiner followed by a letter or digit.
        (local.set $rewritten (i32.const 0))
        (block $word_end (loop $word
          (br_if $word_end (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $unit (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $i) (i32.const 1)))))
          (local.set $cp (local.get $unit))
          (local.set $size (i32.const 1))
          (if (i32.and (i32.eq (i32.and (local.get $unit) (i32.const 0xfc00)) (i32.const 0xd800)) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
            (then
              (local.set $next (i32.load16_u (i32.add (local.get $units) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 1)))))
              (if (i32.eq (i32.and (local.get $next) (i32.const 0xfc00)) (i32.const 0xdc00))
                (then
                  (local.set $cp (i32.add (i32.add (i32.shl (i32.sub (local.get $unit) (i32.const 0xd800)) (i32.const 10)) (i32.sub (local.get $next) (i32.const 0xdc00))) (i32.const 0x10000)))
                  (local.set $size (i32.const 2))))))
          (local.set $wordClass (i32.load8_u (i32.add (local.get $classes) (local.get $cp))))
          (if (i32.eqz (local.get $wordClass)) (then (local.set $wordClass (call $learn (local.get $classes) (local.get $cp)))))
          (if (i32.eq (local.get $wordClass) (i32.const 2))
            (then
              (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $unit)) (i32.const 0x01000193)))
              (if (i32.eq (local.get $size) (i32.const 2))
                (then (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $next)) (i32.const 0x01000193)))))
              (local.set $i (i32.add (local.get $i) (local.get $size)))
              (br $word)))
          ;; Not a letter or digit: a joiner ' . ’ (one unit) continues the word if one follows it.
          (br_if $word_end (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
          (br_if $word_end (i32.eqz (i32.or (i32.or (i32.eq (local.get $unit) (i32.const 0x27)) (i32.eq (local.get $unit) (i32.const 0x2e))) (i32.eq (local.get $unit) (i32.const 0x2019)))))
          (local.set $joiner (local.get $unit))
          (local.set $unit (i32.load16_u (i32.add (local.get $units) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 1)))))
          (local.set $cp (local.get $unit))
          (if (i32.and (i32.eq (i32.and (local.get $unit) (i32.const 0xfc00)) (i32.const 0xd800)) (i32.lt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
            (then
              (local.set $next (i32.load16_u (i32.add (local.get $units) (i32.shl (i32.add (local.get $i) (i32.const 2)) (i32.const 1)))))
              (if (i32.eq (i32.and (local.get $next) (i32.const 0xfc00)) (i32.const 0xdc00))
                (then
                  (local.set $cp (i32.add (i32.add (i32.shl (i32.sub (local.get $unit) (i32.const 0xd800)) (i32.const 10)) (i32.sub (local.get $next) (i32.const 0xdc00))) (i32.const 0x10000)))))))
          (local.set $wordClass (i32.load8_u (i32.add (local.get $classes) (local.get $cp))))
          (if (i32.eqz (local.get $wordClass)) (then (local.set $wordClass (call $learn (local.get $classes) (local.get $cp)))))
          (br_if $word_end (i32.ne (local.get $wordClass) (i32.const 2)))
          ;; Past the joiner (the word's first ’ written as '); the letter or digit after it is read again by the loop.
          (if (i32.and (i32.eq (local.get $joiner) (i32.const 0x2019)) (i32.eqz (local.get $rewritten)))
            (then
              (i32.store16 (i32.add (local.get $units) (i32.shl (local.get $i) (i32.const 1))) (i32.const 0x27))
              (local.set $joiner (i32.const 0x27))
              (local.set $rewritten (i32.const 1))))
          (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $joiner)) (i32.const 0x01000193)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $word))))
      ;; The span, its hash and its kind.
      (i32.store (i32.add (local.get $starts) (i32.shl (local.get $count) (i32.const 2))) (local.get $start))
      (i32.store (i32.add (local.get $ends) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
      (i32.store (i32.add (local.get $hashes) (i32.shl (local.get $count) (i32.const 2))) (local.get $h))
      (i32.store8 (i32.add (local.get $words) (local.get $count)) (i32.eq (local.get $class) (i32.const 2)))
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (br $token)))
    (local.get $count))

  ;; Groups the first $count spans (over the code units at $units) into distinct tokens, in order
  ;; of first occurrence: each the span of its first occurrence, its hash, its kind and how often it
  ;; occurs (i32 $outTimes). $slots is an open-addressing table of $mask + 1 i32 slots (distinct
  ;; index + 1; 0 empty), all zero on entry and again on return. Returns how many are distinct.
  (func (export "distinct") (param $units i32) (param $starts i32) (param $ends i32) (param $hashes i32) (param $words i32) (param $count i32)
    (param $slots i32) (param $mask i32)
    (param $outStarts i32) (param $outEnds i32) (param $outHashes i32) (param $outWords i32) (param $outTimes i32) (result i32)
    (local $t i32) (local $distinct i32) (local $hash i32) (local $start i32) (local $length i32)
    (local $slot i32) (local $held i32) (local $d i32) (local $times i32) (local $first i32) (local $a i32) (local $b i32) (local $k i32)
    (block $done (loop $token
      (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
      (local.set $hash (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $start (i32.load (i32.add (local.get $starts) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $length (i32.sub (i32.load (i32.add (local.get $ends) (i32.shl (local.get $t) (i32.const 2)))) (local.get $start)))
      (local.set $slot (i32.and (local.get $hash) (local.get $mask)))
      (block $placed (loop $probe
        (local.set $held (i32.load (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 2)))))
        ;; An empty slot: a token not met before.
        (if (i32.eqz (local.get $held))
          (then
            (i32.store (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 2))) (i32.add (local.get $distinct) (i32.const 1)))
            (local.set $d (i32.shl (local.get $distinct) (i32.const 2)))
            (i32.store (i32.add (local.get $outStarts) (local.get $d)) (local.get $start))
            (i32.store (i32.add (local.get $outEnds) (local.get $d)) (i32.add (local.get $start) (local.get $length)))
            (i32.store (i32.add (local.get $outHashes) (local.get $d)) (local.get $hash))
            (i32.store (i32.add (local.get $outTimes) (local.get $d)) (i32.const 1))
            (i32.store8 (i32.add (local.get $outWords) (local.get $distinct)) (i32.load8_u (i32.add (local.get $words) (local.get $t))))
            (local.set $distinct (i32.add (local.get $distinct) (i32.const 1)))
            (br $placed)))
        ;; The same hash, length and code units (compared four at a time, then one by one; written
        ;; out here: Node 20 inlines no WebAssembly calls): one more occurrence.
        (local.set $d (i32.shl (i32.sub (local.get $held) (i32.const 1)) (i32.const 2)))
        (if (i32.eq (i32.load (i32.add (local.get $outHashes) (local.get $d))) (local.get $hash))
          (then
            (local.set $first (i32.load (i32.add (local.get $outStarts) (local.get $d))))
            (if (i32.eq (i32.sub (i32.load (i32.add (local.get $outEnds) (local.get $d))) (local.get $first)) (local.get $length))
              (then
                (local.set $a (i32.add (local.get $units) (i32.shl (local.get $first) (i32.const 1))))
                (local.set $b (i32.add (local.get $units) (i32.shl (local.get $start) (i32.const 1))))
                (local.set $k (i32.const 0))
                (block $differ
                  (loop $four
                    (if (i32.le_u (i32.add (local.get $k) (i32.const 4)) (local.get $length))
                      (then
                        (br_if $differ (i64.ne (i64.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 1))))
                                               (i64.load (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 1))))))
                        (local.set $k (i32.add (local.get $k) (i32.const 4)))
                        (br $four))))
                  (loop $one
                    (if (i32.lt_u (local.get $k) (local.get $length))
                      (then
                        (br_if $differ (i32.ne (i32.load16_u (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 1))))
                                               (i32.load16_u (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 1))))))
                        (local.set $k (i32.add (local.get $k) (i32.const 1)))
                        (br $one))))
                  (local.set $times (i32.add (local.get $outTimes) (local.get $d)))
                  (i32.store (local.get $times) (i32.add (i32.load (local.get $times)) (i32.const 1)))
                  (br $placed))))))
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
        (br $probe)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $token)))
    (memory.fill (local.get $slots) (i32.const 0) (i32.shl (i32.add (local.get $mask) (i32.const 1)) (i32.const 2)))
    (local.get $distinct)))
