;; Counts a text's hashed word and character n-grams in buckets and takes its sparse entries: what
;; `countWordNgrams`, `countCharNgrams` and `BucketCounter.takeInto` compute in JavaScript, entry
;; for entry, in the same order and to the same float32 values (property tests hold them equal),
;; in WebAssembly so that Node 20 runs them as fast as Chromium (its compiler made the JavaScript
;; a fifth to a half slower). Compiled by scripts/build-wasm.mjs into count-buckets-module.ts.
;;
;; Pointers are byte offsets into the imported memory. `init` names the counter's own regions,
;; which the caller never moves: counts i32[buckets] (all zero between texts), touched, ties, kept
;; and gathered i32[buckets], and the sublinear table f64[256] (1 + ln c for c < 256). The caller lays
;; out each text's input after them, and gives `take` a scratch offset past its input: the memory
;; grows there when a histogram needs it.
(module
  (import "env" "memory" (memory 1))
  ;; Math.log, for counts of 256 and more (1 + ln c comes from the table below that).
  (import "env" "log" (func $log (param f64) (result f64)))
  (global $counts (mut i32) (i32.const 0))
  (global $touched (mut i32) (i32.const 0))
  (global $ties (mut i32) (i32.const 0))
  (global $kept (mut i32) (i32.const 0))
  (global $gathered (mut i32) (i32.const 0))
  (global $sublinear (mut i32) (i32.const 0))
  ;; How many buckets the text being counted has touched.
  (global $distinct (mut i32) (i32.const 0))

  (func (export "init") (param $counts i32) (param $touched i32) (param $ties i32) (param $kept i32) (param $gathered i32) (param $sublinear i32)
    (global.set $counts (local.get $counts))
    (global.set $touched (local.get $touched))
    (global.set $ties (local.get $ties))
    (global.set $kept (local.get $kept))
    (global.set $gathered (local.get $gathered))
    (global.set $sublinear (local.get $sublinear)))

  ;; countWordNgrams: each token's hash (i32[count] at $hashes) and the word n-grams up to $maxN.
  (func (export "countWords") (param $hashes i32) (param $count i32) (param $maxN i32) (param $mask i32)
    (local $i i32) (local $n i32) (local $h i32)
    (local $b i32) (local $p i32) (local $before i32) (local $countsAt i32) (local $touchedAt i32) (local $touchedCount i32)
    (local.set $countsAt (global.get $counts))
    (local.set $touchedAt (global.get $touched))
    (local.set $touchedCount (global.get $distinct))
    (block $done (loop $word
      (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
      (local.set $h (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $i) (i32.const 2)))))
      ;; counts[b] += 1, b = mix32(h) & mask (mix32 in src/util/hash.ts), b remembered when new
      ;; (BucketCounter.add). Written out at each use: Node 20 inlines no WebAssembly calls. No
      ;; branch on whether b is new (for character n-grams a coin toss to the processor, ~5% of
      ;; counting): b is written after the touched ones each time and counted only when new. With
      ;; every bucket touched, that write lands on the ties region's first place, which is
      ;; scratch that `mostFrequent` writes before it reads.
      (local.set $b (local.get $h))
      (local.set $b (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 16))))
      (local.set $b (i32.mul (local.get $b) (i32.const 0x85ebca6b)))
      (local.set $b (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 13))))
      (local.set $b (i32.mul (local.get $b) (i32.const 0xc2b2ae35)))
      (local.set $b (i32.and (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 16))) (local.get $mask)))
      (local.set $p (i32.add (local.get $countsAt) (i32.shl (local.get $b) (i32.const 2))))
      (local.set $before (i32.load (local.get $p)))
      (i32.store (local.get $p) (i32.add (local.get $before) (i32.const 1)))
      (i32.store (i32.add (local.get $touchedAt) (i32.shl (local.get $touchedCount) (i32.const 2))) (local.get $b))
      (local.set $touchedCount (i32.add (local.get $touchedCount) (i32.eqz (local.get $before))))
      (local.set $n (i32.const 2))
      (block $grams_done (loop $gram
        (br_if $grams_done (i32.gt_s (local.get $n) (local.get $maxN)))
        (br_if $grams_done (i32.gt_u (i32.add (local.get $i) (local.get $n)) (local.get $count)))
        (local.set $h
          (i32.xor (i32.mul (local.get $h) (i32.const 0x9e3779b1))
            (i32.load (i32.add (local.get $hashes) (i32.shl (i32.sub (i32.add (local.get $i) (local.get $n)) (i32.const 1)) (i32.const 2))))))
        ;; The same, for the n-gram.
        (local.set $b (i32.add (local.get $h) (local.get $n)))
        (local.set $b (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 16))))
        (local.set $b (i32.mul (local.get $b) (i32.const 0x85ebca6b)))
        (local.set $b (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 13))))
        (local.set $b (i32.mul (local.get $b) (i32.const 0xc2b2ae35)))
        (local.set $b (i32.and (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 16))) (local.get $mask)))
        (local.set $p (i32.add (local.get $countsAt) (i32.shl (local.get $b) (i32.const 2))))
        (local.set $before (i32.load (local.get $p)))
        (i32.store (local.get $p) (i32.add (local.get $before) (i32.const 1)))
        (i32.store (i32.add (local.get $touchedAt) (i32.shl (local.get $touchedCount) (i32.const 2))) (local.get $b))
        (local.set $touchedCount (i32.add (local.get $touchedCount) (i32.eqz (local.get $before))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $gram)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $word)))
    (global.set $distinct (local.get $touchedCount)))

  ;; countCharNgrams: spans of the code units at $units (u16), i32[count] each of $starts, $ends,
  ;; $times, u8[count] at $words (1: a word); $codePoints is scratch for the longest word + 2.
  (func (export "countChars") (param $units i32) (param $starts i32) (param $ends i32) (param $words i32) (param $times i32) (param $count i32)
    (param $minN i32) (param $maxN i32) (param $mask i32) (param $codePoints i32)
    (local $t i32) (local $i i32) (local $end i32) (local $length i32) (local $unit i32) (local $next i32) (local $cp i32)
    (local $occurrences i32) (local $start i32) (local $n i32) (local $h i32)
    (local $b i32) (local $p i32) (local $before i32) (local $countsAt i32) (local $touchedAt i32) (local $touchedCount i32)
    (local.set $countsAt (global.get $counts))
    (local.set $touchedAt (global.get $touched))
    (local.set $touchedCount (global.get $distinct))
    (block $done (loop $token
      (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
      (block $skip
        ;; Single symbols are the word view's business.
        (br_if $skip (i32.eqz (i32.load8_u (i32.add (local.get $words) (local.get $t)))))
        (local.set $end (i32.load (i32.add (local.get $ends) (i32.shl (local.get $t) (i32.const 2)))))
        ;; The word's code points, framed by a boundary mark (a space) on each side.
        (i32.store (local.get $codePoints) (i32.const 0x20))
        (local.set $length (i32.const 1))
        (local.set $i (i32.load (i32.add (local.get $starts) (i32.shl (local.get $t) (i32.const 2)))))
        (block $read (loop $unit_loop
          (br_if $read (i32.ge_u (local.get $i) (local.get $end)))
          (local.set $unit (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $i) (i32.const 1)))))
          (local.set $cp (local.get $unit))
          ;; A surrogate pair inside the span is one code point (codePointAt in tokenize.ts).
          (if (i32.and (i32.eq (i32.and (local.get $unit) (i32.const 0xfc00)) (i32.const 0xd800)) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
            (then
              (local.set $next (i32.load16_u (i32.add (local.get $units) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 1)))))
              (if (i32.eq (i32.and (local.get $next) (i32.const 0xfc00)) (i32.const 0xdc00))
                (then
                  (local.set $cp (i32.add (i32.add (i32.mul (i32.sub (local.get $unit) (i32.const 0xd800)) (i32.const 0x400)) (i32.sub (local.get $next) (i32.const 0xdc00))) (i32.const 0x10000)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
          (i32.store (i32.add (local.get $codePoints) (i32.shl (local.get $length) (i32.const 2))) (local.get $cp))
          (local.set $length (i32.add (local.get $length) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $unit_loop)))
        (i32.store (i32.add (local.get $codePoints) (i32.shl (local.get $length) (i32.const 2))) (i32.const 0x20))
        (local.set $length (i32.add (local.get $length) (i32.const 1)))
        (local.set $occurrences (i32.load (i32.add (local.get $times) (i32.shl (local.get $t) (i32.const 2)))))
        ;; Every run of minN..maxN code points, hashed with FNV-1a as it grows.
        (local.set $start (i32.const 0))
        (block $starts_done (loop $from
          (br_if $starts_done (i32.gt_s (i32.add (local.get $start) (local.get $minN)) (local.get $length)))
          (local.set $h (i32.const 0x811c9dc5))
          (local.set $n (i32.const 1))
          (block $grams_done (loop $gram
            (br_if $grams_done (i32.gt_s (local.get $n) (local.get $maxN)))
            (br_if $grams_done (i32.gt_s (i32.add (local.get $start) (local.get $n)) (local.get $length)))
            (local.set $h
              (i32.mul
                (i32.xor (local.get $h) (i32.load (i32.add (local.get $codePoints) (i32.shl (i32.sub (i32.add (local.get $start) (local.get $n)) (i32.const 1)) (i32.const 2)))))
                (i32.const 0x01000193)))
            (if (i32.ge_s (local.get $n) (local.get $minN))
              (then
                ;; counts[b] += occurrences, b = mix32(h + n) & mask, as in countWords.
                (local.set $b (i32.add (local.get $h) (local.get $n)))
                (local.set $b (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 16))))
                (local.set $b (i32.mul (local.get $b) (i32.const 0x85ebca6b)))
                (local.set $b (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 13))))
                (local.set $b (i32.mul (local.get $b) (i32.const 0xc2b2ae35)))
                (local.set $b (i32.and (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 16))) (local.get $mask)))
                (local.set $p (i32.add (local.get $countsAt) (i32.shl (local.get $b) (i32.const 2))))
                (local.set $before (i32.load (local.get $p)))
                (i32.store (local.get $p) (i32.add (local.get $before) (local.get $occurrences)))
                (i32.store (i32.add (local.get $touchedAt) (i32.shl (local.get $touchedCount) (i32.const 2))) (local.get $b))
                (local.set $touchedCount (i32.add (local.get $touchedCount) (i32.eqz (local.get $before))))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $gram)))
          (local.set $start (i32.add (local.get $start) (i32.const 1)))
          (br $from))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $token)))
    (global.set $distinct (local.get $touchedCount)))

  ;; moveSmallestFirst (src/util/select.ts): the k smallest of i32[length] at $values first.
  (func $moveSmallestFirst (param $values i32) (param $length i32) (param $k i32)
    (local $low i32) (local $high i32) (local $a i32) (local $b i32) (local $c i32) (local $pivot i32)
    (local $i i32) (local $j i32) (local $pi i32) (local $pj i32) (local $swap i32)
    (local.set $high (i32.sub (local.get $length) (i32.const 1)))
    (block $done (loop $narrow
      (br_if $done (i32.ge_s (local.get $low) (local.get $high)))
      (br_if $done (i32.le_s (local.get $k) (local.get $low)))
      (br_if $done (i32.gt_s (local.get $k) (local.get $high)))
      (local.set $a (i32.load (i32.add (local.get $values) (i32.shl (local.get $low) (i32.const 2)))))
      (local.set $b (i32.load (i32.add (local.get $values) (i32.shl (i32.shr_u (i32.add (local.get $low) (local.get $high)) (i32.const 1)) (i32.const 2)))))
      (local.set $c (i32.load (i32.add (local.get $values) (i32.shl (local.get $high) (i32.const 2)))))
      ;; The median of the three.
      (local.set $pivot
        (if (result i32) (i32.lt_s (local.get $a) (local.get $b))
          (then (if (result i32) (i32.lt_s (local.get $b) (local.get $c)) (then (local.get $b))
            (else (if (result i32) (i32.lt_s (local.get $a) (local.get $c)) (then (local.get $c)) (else (local.get $a))))))
          (else (if (result i32) (i32.lt_s (local.get $a) (local.get $c)) (then (local.get $a))
            (else (if (result i32) (i32.lt_s (local.get $b) (local.get $c)) (then (local.get $c)) (else (local.get $b))))))))
      ;; Hoare partition: [low, j] ≤ pivot ≤ [j + 1, high].
      (local.set $i (i32.sub (local.get $low) (i32.const 1)))
      (local.set $j (i32.add (local.get $high) (i32.const 1)))
      (block $partitioned (loop $partition
        (loop $up
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $pi (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 2))))
          (br_if $up (i32.lt_s (i32.load (local.get $pi)) (local.get $pivot))))
        (loop $down
          (local.set $j (i32.sub (local.get $j) (i32.const 1)))
          (local.set $pj (i32.add (local.get $values) (i32.shl (local.get $j) (i32.const 2))))
          (br_if $down (i32.gt_s (i32.load (local.get $pj)) (local.get $pivot))))
        (br_if $partitioned (i32.ge_s (local.get $i) (local.get $j)))
        (local.set $swap (i32.load (local.get $pi)))
        (i32.store (local.get $pi) (i32.load (local.get $pj)))
        (i32.store (local.get $pj) (local.get $swap))
        (br $partition)))
      (if (i32.le_s (local.get $k) (i32.add (local.get $j) (i32.const 1)))
        (then (local.set $high (local.get $j)))
        (else (local.set $low (i32.add (local.get $j) (i32.const 1)))))
      (br $narrow))))

  ;; BucketCounter.mostFrequent, on the $n counts `take` gathered: the $limit touched buckets of
  ;; the highest counts (ties to the lower bucket) into the kept region, and their counts to the
  ;; gathered region's first $limit places; a histogram of counts at $scratch.
  (func $mostFrequent (param $n i32) (param $limit i32) (param $scratch i32)
    (local $k i32) (local $count i32) (local $threshold i32) (local $c i32) (local $bytes i32) (local $size i32) (local $tied i32)
    (local.set $threshold (i32.const 1))
    (block $maxed (loop $max
      (br_if $maxed (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $count (i32.load (i32.add (global.get $gathered) (i32.shl (local.get $k) (i32.const 2)))))
      (if (i32.gt_s (local.get $count) (local.get $threshold)) (then (local.set $threshold (local.get $count))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $max)))
    ;; atLeast[c], c ≤ threshold + 1: how many buckets have count c, then at least c.
    (local.set $bytes (i32.shl (i32.add (local.get $threshold) (i32.const 2)) (i32.const 2)))
    (if (i32.gt_u (i32.add (local.get $scratch) (local.get $bytes)) (i32.shl (memory.size) (i32.const 16)))
      (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (i32.add (local.get $scratch) (local.get $bytes)) (i32.shl (memory.size) (i32.const 16))) (i32.const 16)) (i32.const 1))))))
    (memory.fill (local.get $scratch) (i32.const 0) (local.get $bytes))
    (local.set $k (i32.const 0))
    (block $counted (loop $histogram
      (br_if $counted (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $c (i32.add (local.get $scratch) (i32.shl (i32.load (i32.add (global.get $gathered) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2))))
      (i32.store (local.get $c) (i32.add (i32.load (local.get $c)) (i32.const 1)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $histogram)))
    (local.set $c (i32.sub (local.get $threshold) (i32.const 1)))
    (block $summed (loop $sum
      (br_if $summed (i32.lt_s (local.get $c) (i32.const 1)))
      (i32.store (i32.add (local.get $scratch) (i32.shl (local.get $c) (i32.const 2)))
        (i32.add (i32.load (i32.add (local.get $scratch) (i32.shl (local.get $c) (i32.const 2))))
          (i32.load (i32.add (local.get $scratch) (i32.shl (i32.add (local.get $c) (i32.const 1)) (i32.const 2))))))
      (local.set $c (i32.sub (local.get $c) (i32.const 1)))
      (br $sum)))
    ;; The threshold: fewer than limit buckets above it, at least limit at or above.
    (block $found (loop $lower
      (br_if $found (i32.le_s (local.get $threshold) (i32.const 1)))
      (br_if $found (i32.ge_s (i32.load (i32.add (local.get $scratch) (i32.shl (local.get $threshold) (i32.const 2)))) (local.get $limit)))
      (local.set $threshold (i32.sub (local.get $threshold) (i32.const 1)))
      (br $lower)))
    (if (i32.lt_s (i32.load (i32.add (local.get $scratch) (i32.shl (local.get $threshold) (i32.const 2)))) (local.get $limit))
      (then (local.set $threshold (i32.const 1))))
    ;; Above the threshold: kept in the order touched, each count moved down to the kept one's
    ;; place (never past the one being read); at it: tied, the lowest buckets kept.
    (local.set $k (i32.const 0))
    (block $split (loop $each
      (br_if $split (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $count (i32.load (i32.add (global.get $gathered) (i32.shl (local.get $k) (i32.const 2)))))
      (if (i32.gt_s (local.get $count) (local.get $threshold))
        (then
          (i32.store (i32.add (global.get $kept) (i32.shl (local.get $size) (i32.const 2))) (i32.load (i32.add (global.get $touched) (i32.shl (local.get $k) (i32.const 2)))))
          (i32.store (i32.add (global.get $gathered) (i32.shl (local.get $size) (i32.const 2))) (local.get $count))
          (local.set $size (i32.add (local.get $size) (i32.const 1))))
        (else (if (i32.eq (local.get $count) (local.get $threshold))
          (then
            (i32.store (i32.add (global.get $ties) (i32.shl (local.get $tied) (i32.const 2))) (i32.load (i32.add (global.get $touched) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $tied (i32.add (local.get $tied) (i32.const 1)))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each)))
    (call $moveSmallestFirst (global.get $ties) (local.get $tied) (i32.sub (local.get $limit) (local.get $size)))
    (memory.copy
      (i32.add (global.get $kept) (i32.shl (local.get $size) (i32.const 2)))
      (global.get $ties)
      (i32.shl (i32.sub (local.get $limit) (local.get $size)) (i32.const 2)))
    ;; The tied ones kept have the threshold's count.
    (block $filled (loop $fill
      (br_if $filled (i32.ge_u (local.get $size) (local.get $limit)))
      (i32.store (i32.add (global.get $gathered) (i32.shl (local.get $size) (i32.const 2))) (local.get $threshold))
      (local.set $size (i32.add (local.get $size) (i32.const 1)))
      (br $fill))))

  ;; BucketCounter.takeInto: writes the counted text's entries (at most $limit: bucket + $offset
  ;; at $indices i32, value at $values f32) and resets the counter; returns how many it wrote.
  (func (export "take") (param $limit i32) (param $offset i32) (param $indices i32) (param $values i32) (param $scratch i32) (result i32)
    (local $n i32) (local $k i32) (local $c i32) (local $p i32) (local $s f64) (local $squares f64) (local $norm f64) (local $chosen i32) (local $m i32)
    (local.set $n (global.get $distinct))
    (global.set $distinct (i32.const 0))
    ;; Each touched bucket's count gathered, in the order touched, and the bucket reset: the only
    ;; reads of the table at random here (it is larger than the fastest cache); what follows
    ;; reads the gathered counts in order. Unit length over every entry, before any is cut.
    (block $summed (loop $gather
      (br_if $summed (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $p (i32.add (global.get $counts) (i32.shl (i32.load (i32.add (global.get $touched) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2))))
      (local.set $c (i32.load (local.get $p)))
      (i32.store (local.get $p) (i32.const 0))
      (i32.store (i32.add (global.get $gathered) (i32.shl (local.get $k) (i32.const 2))) (local.get $c))
      ;; s = 1 + ln(count): from the table below 256.
      (local.set $s
        (if (result f64) (i32.lt_u (local.get $c) (i32.const 256))
          (then (f64.load (i32.add (global.get $sublinear) (i32.shl (local.get $c) (i32.const 3)))))
          (else (f64.add (f64.const 1) (call $log (f64.convert_i32_u (local.get $c)))))))
      (local.set $squares (f64.add (local.get $squares) (f64.mul (local.get $s) (local.get $s))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $gather)))
    (local.set $norm (f64.sqrt (local.get $squares)))
    (if (f64.eq (local.get $norm) (f64.const 0)) (then (local.set $norm (f64.const 1))))
    (if (i32.le_u (local.get $n) (local.get $limit))
      (then (local.set $chosen (global.get $touched)) (local.set $m (local.get $n)))
      (else (call $mostFrequent (local.get $n) (local.get $limit) (local.get $scratch)) (local.set $chosen (global.get $kept)) (local.set $m (local.get $limit))))
    (local.set $k (i32.const 0))
    (block $written (loop $write
      (br_if $written (i32.ge_u (local.get $k) (local.get $m)))
      (i32.store (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2))) (i32.add (i32.load (i32.add (local.get $chosen) (i32.shl (local.get $k) (i32.const 2)))) (local.get $offset)))
      (f32.store (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2)))
        (f32.demote_f64 (f64.div
          (if (result f64) (i32.lt_u (local.tee $c (i32.load (i32.add (global.get $gathered) (i32.shl (local.get $k) (i32.const 2))))) (i32.const 256))
            (then (f64.load (i32.add (global.get $sublinear) (i32.shl (local.get $c) (i32.const 3)))))
            (else (f64.add (f64.const 1) (call $log (f64.convert_i32_u (local.get $c))))))
          (local.get $norm))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $write)))
    (local.get $m)))
