;; float32 GEMM for the CPU backend: C[m×n] = A[m×k] · B[k×n], single-threaded, WebAssembly SIMD128.
;;
;; Compiled by scripts/build-wasm.mjs into src/kernels/wasm/gemm-wasm.generated.ts (committed; a test
;; fails when it is stale). src/kernels/wasm/gemm.ts owns the memory and calls these functions.
;;
;; The layout is the usual one for a cache-friendly GEMM (BLIS/Eigen style):
;;   1. pack_a copies A into panels of 4 rows, pack_b copies B into panels of 8 columns, each
;;      stored p-major so the micro-kernel reads both strictly sequentially. Both read their source
;;      through arbitrary strides, so a transposed operand is transposed while it is packed.
;;      Rows and columns past m and n are zeros, so the micro-kernel never needs edge cases;
;;      the products landing in those padded rows and columns are computed and thrown away.
;;   2. gemm runs a 4×8 micro-kernel over every (A panel, B panel) pair: 8 f32x4 accumulators
;;      (4 rows × 2 vectors) stay in registers across the whole k loop; each step broadcasts four
;;      A values (v128.load32_splat) and loads two B vectors. Baseline SIMD has no fused
;;      multiply-add, so each step is 8 f32x4.mul + 8 f32x4.add. 4×8 fits x64's 16 xmm registers
;;      (8 accumulators + 2 B vectors + 1 broadcast) without spilling.
;;      The loops run B panels outside A panels, so one B panel (32·k bytes) stays in L1 while the
;;      A panels stream past it; A is walked in blocks of about 256 KiB so that block stays in L2.
;;      Past 1024, k is walked in blocks too (at most 1024 steps, as equal as can be): a B panel's
;;      block then still fits L1, and an A block holds more rows, so B streams from memory fewer
;;      times. A tile's later blocks start from the sums stored after the earlier ones: the same
;;      float32 operations in the same order as one pass over k, so the same bits.
;;   3. Optionally (_FusedMatMul) each finished tile gets a bias added and relu applied in registers
;;      before it is stored, so C is written once with no separate pass over it.
;;
;; Sums accumulate in float32, in order p = 0, 1, …, k-1 for every element, like TensorFlow's
;; Eigen kernels; the JS kernel's float64 sums differ from these by float32 rounding. IEEE
;; semantics hold element by element: 0·Inf is NaN, NaN propagates, Inf - Inf is NaN.
;;
;; All addresses, strides and offsets are in bytes.
(module
  (import "env" "memory" (memory 1))

  ;; Writes four rows of k floats (row r at from + r·rowStride, contiguous) as k groups of four,
  ;; one per column, `step` bytes apart from `to` on: the 4-row panel layout when step is 16, and
  ;; four columns of an 8-column B panel when step is 32. Four columns at a time are four vector
  ;; loads transposed in registers by two rounds of shuffles.
  (func $interleave_rows4 (param $from i32) (param $rowStride i32) (param $k i32) (param $to i32) (param $step i32)
    (local $p i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $p (i32.const 0))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_u (i32.add (local.get $p) (i32.const 3)) (local.get $k)))
        (local.set $r0 (v128.load (local.get $from)))
        (local.set $r1 (v128.load (i32.add (local.get $from) (local.get $rowStride))))
        (local.set $r2 (v128.load (i32.add (local.get $from) (i32.shl (local.get $rowStride) (i32.const 1)))))
        (local.set $r3 (v128.load (i32.add (local.get $from) (i32.mul (local.get $rowStride) (i32.const 3)))))
        ;; t0 = r0[0] r1[0] r0[1] r1[1], t1 = r0[2] r1[2] r0[3] r1[3], t2/t3 likewise for r2, r3
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
        ;; column c of the four rows = the low or high halves of t0/t2 (c = 0, 1) or t1/t3 (c = 2, 3)
        (v128.store (local.get $to)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $to) (local.get $step))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $to) (i32.shl (local.get $step) (i32.const 1)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (v128.store (i32.add (local.get $to) (i32.mul (local.get $step) (i32.const 3)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $from (i32.add (local.get $from) (i32.const 16)))
        (local.set $to (i32.add (local.get $to) (i32.shl (local.get $step) (i32.const 2))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $quads)))
    ;; The last k mod 4 columns one element at a time.
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $p) (local.get $k)))
        (f32.store (local.get $to) (f32.load (local.get $from)))
        (f32.store offset=4 (local.get $to) (f32.load (i32.add (local.get $from) (local.get $rowStride))))
        (f32.store offset=8 (local.get $to)
          (f32.load (i32.add (local.get $from) (i32.shl (local.get $rowStride) (i32.const 1)))))
        (f32.store offset=12 (local.get $to)
          (f32.load (i32.add (local.get $from) (i32.mul (local.get $rowStride) (i32.const 3)))))
        (local.set $from (i32.add (local.get $from) (i32.const 4)))
        (local.set $to (i32.add (local.get $to) (local.get $step)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $rest))))

  ;; Packs the m×k matrix A, whose element (i, p) is the f32 at src + i·rowStride + p·colStride,
  ;; into ceil(m/4) panels of 16·k bytes at dst: panel t holds A[4t..4t+3, p] for p = 0..k-1.
  (func (export "pack_a")
    (param $src i32) (param $rowStride i32) (param $colStride i32)
    (param $m i32) (param $k i32) (param $dst i32)
    (local $i i32) (local $p i32) (local $from i32) (local $to i32) (local $mFull i32)
    ;; Transposed A (rows adjacent in memory): a full panel's four values for one p are one vector.
    (if (i32.eq (local.get $rowStride) (i32.const 4))
      (then
        (local.set $mFull (i32.and (local.get $m) (i32.const -4)))
        (block $done
          (loop $panels
            (br_if $done (i32.ge_u (local.get $i) (local.get $mFull)))
            (local.set $from (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $to (i32.add (local.get $dst) (i32.mul (i32.shl (local.get $i) (i32.const 2)) (local.get $k))))
            (local.set $p (i32.const 0))
            (block $rowDone
              (loop $row
                (br_if $rowDone (i32.ge_u (local.get $p) (local.get $k)))
                (v128.store (local.get $to) (v128.load (local.get $from)))
                (local.set $from (i32.add (local.get $from) (local.get $colStride)))
                (local.set $to (i32.add (local.get $to) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $row)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $panels)))))
    ;; Row-major A: each full panel's four rows are contiguous.
    (if (i32.eq (local.get $colStride) (i32.const 4))
      (then
        (local.set $mFull (i32.and (local.get $m) (i32.const -4)))
        (block $done
          (loop $panels
            (br_if $done (i32.ge_u (local.get $i) (local.get $mFull)))
            (local.set $from (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowStride))))
            (local.set $to (i32.add (local.get $dst) (i32.mul (i32.shl (local.get $i) (i32.const 2)) (local.get $k))))
            (call $interleave_rows4 (local.get $from) (local.get $rowStride) (local.get $k) (local.get $to) (i32.const 16))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $panels)))))
    ;; The rows of a last partial panel (and every row for other strides) one element at a time,
    ;; padding with zeros.
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (i32.and (i32.add (local.get $m) (i32.const 3)) (i32.const -4))))
        (local.set $to
          (i32.add (local.get $dst)
            (i32.add
              (i32.mul (i32.shl (i32.shr_u (local.get $i) (i32.const 2)) (i32.const 4)) (local.get $k))
              (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 2)))))
        (local.set $from (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowStride))))
        (local.set $p (i32.const 0))
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u (local.get $p) (local.get $k)))
            (f32.store (local.get $to)
              (if (result f32) (i32.lt_u (local.get $i) (local.get $m))
                (then (f32.load (local.get $from)))
                (else (f32.const 0))))
            (local.set $from (i32.add (local.get $from) (local.get $colStride)))
            (local.set $to (i32.add (local.get $to) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $row)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; Packs the k×n matrix B, whose element (p, j) is the f32 at src + p·rowStride + j·colStride,
  ;; into ceil(n/8) panels of 32·k bytes at dst: panel u holds B[p, 8u..8u+7] for p = 0..k-1.
  (func (export "pack_b")
    (param $src i32) (param $rowStride i32) (param $colStride i32)
    (param $k i32) (param $n i32) (param $dst i32)
    (local $j i32) (local $p i32) (local $from i32) (local $to i32) (local $nFull i32)
    (local $end i32) (local $panelBytes i32) (local $blockEnd i32)
    ;; Row-major B: a full panel's row is two vectors. Four panels at a time, row by row: each row's
    ;; 128 bytes for the four panels (two whole cache lines) are read once and written to four
    ;; sequential streams. A panel at a time reads 32 bytes a row stride apart, half a line and, for
    ;; a wide B, a TLB miss per row per panel: W4's fc1 product (50×3136·3136×1024, a 4 KiB row
    ;; stride) took 5.45–5.74 ms that way and 4.96–5.08 this way. All panels at once would write to
    ;; as many streams, 32·k bytes apart, which alias in L1's sets.
    (if (i32.eq (local.get $colStride) (i32.const 4))
      (then
        (local.set $nFull (i32.and (local.get $n) (i32.const -8)))
        (local.set $panelBytes (i32.shl (local.get $k) (i32.const 5)))
        (block $done
          (loop $blocks
            (br_if $done (i32.ge_u (local.get $j) (local.get $nFull)))
            ;; This block's columns [j, blockEnd): up to 32, whole panels.
            (local.set $blockEnd (i32.add (local.get $j) (i32.const 32)))
            (if (i32.gt_u (local.get $blockEnd) (local.get $nFull)) (then (local.set $blockEnd (local.get $nFull))))
            (local.set $p (i32.const 0))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $from
                  (i32.add (local.get $src) (i32.add (i32.mul (local.get $p) (local.get $rowStride)) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $end
                  (i32.add (local.get $from) (i32.shl (i32.sub (local.get $blockEnd) (local.get $j)) (i32.const 2))))
                (local.set $to
                  (i32.add (local.get $dst)
                    (i32.add (i32.mul (i32.shl (local.get $j) (i32.const 2)) (local.get $k)) (i32.shl (local.get $p) (i32.const 5)))))
                (block $rowDone
                  (loop $row
                    (br_if $rowDone (i32.ge_u (local.get $from) (local.get $end)))
                    (v128.store (local.get $to) (v128.load (local.get $from)))
                    (v128.store offset=16 (local.get $to) (v128.load offset=16 (local.get $from)))
                    (local.set $from (i32.add (local.get $from) (i32.const 32)))
                    (local.set $to (i32.add (local.get $to) (local.get $panelBytes)))
                    (br $row)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $rows)))
            (local.set $j (local.get $blockEnd))
            (br $blocks)))))
    ;; Transposed B: column j is contiguous, so four full columns at a time are four rows to interleave.
    (if (i32.eq (local.get $rowStride) (i32.const 4))
      (then
        (local.set $nFull (i32.and (local.get $n) (i32.const -4)))
        (block $done
          (loop $quads
            (br_if $done (i32.ge_u (local.get $j) (local.get $nFull)))
            (call $interleave_rows4
              (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $colStride)))
              (local.get $colStride)
              (local.get $k)
              (i32.add (local.get $dst)
                (i32.add
                  (i32.mul (i32.shl (i32.shr_u (local.get $j) (i32.const 3)) (i32.const 5)) (local.get $k))
                  (i32.shl (i32.and (local.get $j) (i32.const 7)) (i32.const 2))))
              (i32.const 32))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $quads)))))
    ;; The columns of a last partial panel (and every column for other strides) one element at a
    ;; time, padding with zeros.
    (block $done
      (loop $cols
        (br_if $done (i32.ge_u (local.get $j) (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8))))
        (local.set $to
          (i32.add (local.get $dst)
            (i32.add
              (i32.mul (i32.shl (i32.shr_u (local.get $j) (i32.const 3)) (i32.const 5)) (local.get $k))
              (i32.shl (i32.and (local.get $j) (i32.const 7)) (i32.const 2)))))
        (local.set $from (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $colStride))))
        (local.set $p (i32.const 0))
        (block $colDone
          (loop $col
            (br_if $colDone (i32.ge_u (local.get $p) (local.get $k)))
            (f32.store (local.get $to)
              (if (result f32) (i32.lt_u (local.get $j) (local.get $n))
                (then (f32.load (local.get $from)))
                (else (f32.const 0))))
            (local.set $from (i32.add (local.get $from) (local.get $rowStride)))
            (local.set $to (i32.add (local.get $to) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $col)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cols))))

  ;; The first `count` floats at addr as a vector's lanes (count ≤ 0: none; ≥ 4: all four), zeros after.
  (func $load_lanes (param $addr i32) (param $count i32) (result v128)
    (local $v v128)
    (if (i32.ge_s (local.get $count) (i32.const 4)) (then (return (v128.load (local.get $addr)))))
    (if (i32.ge_s (local.get $count) (i32.const 1))
      (then (local.set $v (f32x4.replace_lane 0 (local.get $v) (f32.load (local.get $addr))))))
    (if (i32.ge_s (local.get $count) (i32.const 2))
      (then (local.set $v (f32x4.replace_lane 1 (local.get $v) (f32.load offset=4 (local.get $addr))))))
    (if (i32.ge_s (local.get $count) (i32.const 3))
      (then (local.set $v (f32x4.replace_lane 2 (local.get $v) (f32.load offset=8 (local.get $addr))))))
    (local.get $v))

  ;; The first `count` (1..8) columns of one row of a tile at addr, as lo (0..3) and hi (4..7),
  ;; zeros after: store_row's inverse.
  (func $load_row (param $addr i32) (param $count i32) (result v128 v128)
    (call $load_lanes (local.get $addr) (local.get $count))
    (call $load_lanes (i32.add (local.get $addr) (i32.const 16)) (i32.sub (local.get $count) (i32.const 4))))

  ;; Stores the first `count` (0..4) lanes of v at addr.
  (func $store_lanes (param $addr i32) (param $v v128) (param $count i32)
    (if (i32.ge_u (local.get $count) (i32.const 4))
      (then (v128.store (local.get $addr) (local.get $v)) (return)))
    (if (i32.ge_u (local.get $count) (i32.const 1))
      (then (f32.store (local.get $addr) (f32x4.extract_lane 0 (local.get $v)))))
    (if (i32.ge_u (local.get $count) (i32.const 2))
      (then (f32.store offset=4 (local.get $addr) (f32x4.extract_lane 1 (local.get $v)))))
    (if (i32.ge_u (local.get $count) (i32.const 3))
      (then (f32.store offset=8 (local.get $addr) (f32x4.extract_lane 2 (local.get $v))))))

  ;; Stores the first `count` (1..8) columns of one row of a tile, held in lo (0..3) and hi (4..7).
  (func $store_row (param $addr i32) (param $lo v128) (param $hi v128) (param $count i32)
    (call $store_lanes (local.get $addr) (local.get $lo) (local.get $count))
    (if (i32.gt_u (local.get $count) (i32.const 4))
      (then (call $store_lanes
        (i32.add (local.get $addr) (i32.const 16)) (local.get $hi) (i32.sub (local.get $count) (i32.const 4))))))

  ;; C = A · B from the panels pack_a and pack_b wrote (k ≥ 0; m, n ≥ 1). Row i of C starts at
  ;; c + i·ldc. Every element of C is written, zeros when k is 0.
  ;;
  ;; The epilogue of _FusedMatMul, applied to each tile in registers before it is stored, when
  ;; flags is not 0: bit 0 adds bias[j] to column j of every row (f32 at bias + 4j, read as two
  ;; f32x4 per 8-column panel, so the caller pads the bias with zeros to a multiple of 8 floats;
  ;; lanes past n are read but never stored), then bit 1 applies relu as f32x4.max(x, 0). Both
  ;; round exactly like the JS epilogue: fround(acc + bias[j]), then Math.max(x, 0) (max(-0, +0)
  ;; is +0, NaN propagates). bias is not read when flags is 0. The epilogue
  ;; applies after the last k block only.
  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32)
    (param $aPacked i32) (param $bPacked i32) (param $c i32) (param $ldc i32)
    (param $bias i32) (param $flags i32) (param $aRowStride i32)
    (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $aPanelBytes i32)
    (local $mPanels i32) (local $nPanels i32) (local $blockPanels i32)
    (local $t0 i32) (local $tEnd i32) (local $t i32) (local $u i32)
    (local $ap i32) (local $bp i32) (local $bEnd i32) (local $to i32) (local $rows i32) (local $cols i32)
    (local $a v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $k0 i32) (local $kc i32) (local $kBlocks i32) (local $aStep i32)
    ;; A as pack_a wrote it (aRowStride 0: panels of 16·k bytes, a step's four values adjacent), or,
    ;; for a row-major A whose m is a multiple of 4, A itself: row i at aPacked + i·aRowStride, a
    ;; step 4 bytes along each of a panel's four rows (the same values, so the same sums, without
    ;; the packing pass).
    (local.set $aPanelBytes (i32.shl (local.get $k) (i32.const 4)))
    (if (local.get $aRowStride)
      (then
        (local.set $aPanelBytes (i32.shl (local.get $aRowStride) (i32.const 2)))
        (local.set $r1 (local.get $aRowStride))
        (local.set $r2 (i32.shl (local.get $aRowStride) (i32.const 1)))
        (local.set $r3 (i32.mul (local.get $aRowStride) (i32.const 3)))))
    (local.set $mPanels (i32.shr_u (i32.add (local.get $m) (i32.const 3)) (i32.const 2)))
    (local.set $nPanels (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    ;; k in blocks of at most 1024 steps, as equal as can be: a B panel's block (32·kc bytes)
    ;; stays in L1 while A panels stream past it, however long k is.
    (local.set $kBlocks (i32.div_u (i32.add (local.get $k) (i32.const 1023)) (i32.const 1024)))
    (if (i32.eqz (local.get $kBlocks)) (then (local.set $kBlocks (i32.const 1))))
    (local.set $kc (i32.div_u (i32.add (local.get $k) (i32.sub (local.get $kBlocks) (i32.const 1))) (local.get $kBlocks)))
    (local.set $aStep (select (i32.const 4) (i32.const 16) (local.get $aRowStride)))
    ;; A panels per block: 256 KiB of A's k-block (16·kc bytes a panel), at least one.
    (local.set $blockPanels (i32.const 1))
    (if (i32.gt_u (local.get $kc) (i32.const 0))
      (then (local.set $blockPanels (i32.div_u (i32.const 16384) (local.get $kc)))))
    (if (i32.eqz (local.get $blockPanels)) (then (local.set $blockPanels (i32.const 1))))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $t0) (local.get $mPanels)))
        (local.set $tEnd (i32.add (local.get $t0) (local.get $blockPanels)))
        (if (i32.gt_u (local.get $tEnd) (local.get $mPanels)) (then (local.set $tEnd (local.get $mPanels))))
        (local.set $k0 (i32.const 0))
        (loop $kBlockLoop
        (local.set $u (i32.const 0))
        (block $bPanelsDone
          (loop $bPanels
            (br_if $bPanelsDone (i32.ge_u (local.get $u) (local.get $nPanels)))
            (local.set $t (local.get $t0))
            (block $aPanelsDone
              (loop $aPanels
                (br_if $aPanelsDone (i32.ge_u (local.get $t) (local.get $tEnd)))
                (local.set $ap (i32.add (i32.add (local.get $aPacked) (i32.mul (local.get $t) (local.get $aPanelBytes)))
                  (i32.mul (local.get $k0) (local.get $aStep))))
                (local.set $bp (i32.add (i32.add (local.get $bPacked) (i32.mul (i32.shl (local.get $u) (i32.const 5)) (local.get $k)))
                  (i32.shl (local.get $k0) (i32.const 5))))
                (local.set $bEnd (i32.shl (i32.sub (local.get $k) (local.get $k0)) (i32.const 5)))
                (if (i32.gt_u (local.get $bEnd) (i32.shl (local.get $kc) (i32.const 5)))
                  (then (local.set $bEnd (i32.shl (local.get $kc) (i32.const 5)))))
                (local.set $bEnd (i32.add (local.get $bp) (local.get $bEnd)))
                (local.set $to
                  (i32.add (local.get $c)
                    (i32.add
                      (i32.mul (i32.shl (local.get $t) (i32.const 2)) (local.get $ldc))
                      (i32.shl (local.get $u) (i32.const 5)))))
                (local.set $rows (i32.sub (local.get $m) (i32.shl (local.get $t) (i32.const 2))))
                (local.set $cols (i32.sub (local.get $n) (i32.shl (local.get $u) (i32.const 3))))
                (local.set $c00 (v128.const i32x4 0 0 0 0))
                (local.set $c01 (v128.const i32x4 0 0 0 0))
                (local.set $c10 (v128.const i32x4 0 0 0 0))
                (local.set $c11 (v128.const i32x4 0 0 0 0))
                (local.set $c20 (v128.const i32x4 0 0 0 0))
                (local.set $c21 (v128.const i32x4 0 0 0 0))
                (local.set $c30 (v128.const i32x4 0 0 0 0))
                (local.set $c31 (v128.const i32x4 0 0 0 0))
                ;; After the first k block the tile goes on from the sums stored so far: the same
                ;; float32 additions in the same order as one pass over k, so the same bits.
                (if (local.get $k0)
                  (then
                    (if (i32.and (i32.ge_u (local.get $rows) (i32.const 4)) (i32.ge_u (local.get $cols) (i32.const 8)))
                      (then
                        (local.set $c00 (v128.load (local.get $to)))
                        (local.set $c01 (v128.load offset=16 (local.get $to)))
                        (local.set $c10 (v128.load (i32.add (local.get $to) (local.get $ldc))))
                        (local.set $c11 (v128.load offset=16 (i32.add (local.get $to) (local.get $ldc))))
                        (local.set $c20 (v128.load (i32.add (local.get $to) (i32.shl (local.get $ldc) (i32.const 1)))))
                        (local.set $c21 (v128.load offset=16 (i32.add (local.get $to) (i32.shl (local.get $ldc) (i32.const 1)))))
                        (local.set $c30 (v128.load (i32.add (local.get $to) (i32.mul (local.get $ldc) (i32.const 3)))))
                        (local.set $c31 (v128.load offset=16 (i32.add (local.get $to) (i32.mul (local.get $ldc) (i32.const 3))))))
                      (else
                        (call $load_row (local.get $to) (local.get $cols))
                        (local.set $c01) (local.set $c00)
                        (if (i32.ge_u (local.get $rows) (i32.const 2))
                          (then
                            (call $load_row (i32.add (local.get $to) (local.get $ldc)) (local.get $cols))
                            (local.set $c11) (local.set $c10)))
                        (if (i32.ge_u (local.get $rows) (i32.const 3))
                          (then
                            (call $load_row (i32.add (local.get $to) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $cols))
                            (local.set $c21) (local.set $c20)))
                        (if (i32.ge_u (local.get $rows) (i32.const 4))
                          (then
                            (call $load_row (i32.add (local.get $to) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $cols))
                            (local.set $c31) (local.set $c30)))))))
                ;; The micro-kernel: one rank-1 update of the 4×8 tile per p. The same loop twice, for
                ;; packed and row-major A: the packed one's four loads take immediate offsets.
                (if (local.get $aRowStride)
                  (then
                    (block $kRowsDone
                      (br_if $kRowsDone (i32.ge_u (local.get $bp) (local.get $bEnd)))
                      (loop $kRows
                        (local.set $b0 (v128.load (local.get $bp)))
                        (local.set $b1 (v128.load offset=16 (local.get $bp)))
                        (local.set $a (v128.load32_splat (local.get $ap)))
                        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
                        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
                        (local.set $a (v128.load32_splat (i32.add (local.get $ap) (local.get $r1))))
                        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
                        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
                        (local.set $a (v128.load32_splat (i32.add (local.get $ap) (local.get $r2))))
                        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
                        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
                        (local.set $a (v128.load32_splat (i32.add (local.get $ap) (local.get $r3))))
                        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
                        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
                        (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
                        (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
                        (br_if $kRows (i32.lt_u (local.get $bp) (local.get $bEnd))))))
                  (else
                (block $kDone
                  (br_if $kDone (i32.ge_u (local.get $bp) (local.get $bEnd)))
                  (loop $kLoop
                    (local.set $b0 (v128.load (local.get $bp)))
                    (local.set $b1 (v128.load offset=16 (local.get $bp)))
                    (local.set $a (v128.load32_splat (local.get $ap)))
                    (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
                    (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
                    (local.set $a (v128.load32_splat offset=4 (local.get $ap)))
                    (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
                    (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
                    (local.set $a (v128.load32_splat offset=8 (local.get $ap)))
                    (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
                    (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
                    (local.set $a (v128.load32_splat offset=12 (local.get $ap)))
                    (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
                    (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
                    (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
                    (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
                    (br_if $kLoop (i32.lt_u (local.get $bp) (local.get $bEnd)))))))
                ;; The epilogue, once per tile, after its last k block (b0 and b1 are free again after the k loop).
                (if (i32.and (i32.ne (local.get $flags) (i32.const 0)) (i32.ge_u (i32.add (local.get $k0) (local.get $kc)) (local.get $k)))
                  (then
                    (if (i32.and (local.get $flags) (i32.const 1))
                      (then
                        (local.set $b0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $u) (i32.const 5)))))
                        (local.set $b1 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $u) (i32.const 5)))))
                        (local.set $c00 (f32x4.add (local.get $c00) (local.get $b0)))
                        (local.set $c01 (f32x4.add (local.get $c01) (local.get $b1)))
                        (local.set $c10 (f32x4.add (local.get $c10) (local.get $b0)))
                        (local.set $c11 (f32x4.add (local.get $c11) (local.get $b1)))
                        (local.set $c20 (f32x4.add (local.get $c20) (local.get $b0)))
                        (local.set $c21 (f32x4.add (local.get $c21) (local.get $b1)))
                        (local.set $c30 (f32x4.add (local.get $c30) (local.get $b0)))
                        (local.set $c31 (f32x4.add (local.get $c31) (local.get $b1)))))
                    (if (i32.and (local.get $flags) (i32.const 2))
                      (then
                        (local.set $b0 (v128.const f32x4 0 0 0 0))
                        (local.set $c00 (f32x4.max (local.get $c00) (local.get $b0)))
                        (local.set $c01 (f32x4.max (local.get $c01) (local.get $b0)))
                        (local.set $c10 (f32x4.max (local.get $c10) (local.get $b0)))
                        (local.set $c11 (f32x4.max (local.get $c11) (local.get $b0)))
                        (local.set $c20 (f32x4.max (local.get $c20) (local.get $b0)))
                        (local.set $c21 (f32x4.max (local.get $c21) (local.get $b0)))
                        (local.set $c30 (f32x4.max (local.get $c30) (local.get $b0)))
                        (local.set $c31 (f32x4.max (local.get $c31) (local.get $b0)))))))
                ;; Store the tile; only the rows and columns inside C for an edge tile.
                (if (i32.and (i32.ge_u (local.get $rows) (i32.const 4)) (i32.ge_u (local.get $cols) (i32.const 8)))
                  (then
                    (v128.store (local.get $to) (local.get $c00))
                    (v128.store offset=16 (local.get $to) (local.get $c01))
                    (local.set $to (i32.add (local.get $to) (local.get $ldc)))
                    (v128.store (local.get $to) (local.get $c10))
                    (v128.store offset=16 (local.get $to) (local.get $c11))
                    (local.set $to (i32.add (local.get $to) (local.get $ldc)))
                    (v128.store (local.get $to) (local.get $c20))
                    (v128.store offset=16 (local.get $to) (local.get $c21))
                    (local.set $to (i32.add (local.get $to) (local.get $ldc)))
                    (v128.store (local.get $to) (local.get $c30))
                    (v128.store offset=16 (local.get $to) (local.get $c31)))
                  (else
                    (call $store_row (local.get $to) (local.get $c00) (local.get $c01) (local.get $cols))
                    (if (i32.ge_u (local.get $rows) (i32.const 2))
                      (then (call $store_row (i32.add (local.get $to) (local.get $ldc))
                        (local.get $c10) (local.get $c11) (local.get $cols))))
                    (if (i32.ge_u (local.get $rows) (i32.const 3))
                      (then (call $store_row (i32.add (local.get $to) (i32.shl (local.get $ldc) (i32.const 1)))
                        (local.get $c20) (local.get $c21) (local.get $cols))))
                    (if (i32.ge_u (local.get $rows) (i32.const 4))
                      (then (call $store_row (i32.add (local.get $to) (i32.mul (local.get $ldc) (i32.const 3)))
                        (local.get $c30) (local.get $c31) (local.get $cols))))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $aPanels)))
            (local.set $u (i32.add (local.get $u) (i32.const 1)))
            (br $bPanels)))
        (local.set $k0 (i32.add (local.get $k0) (local.get $kc)))
        (br_if $kBlockLoop (i32.lt_u (local.get $k0) (local.get $k))))
        (local.set $t0 (i32.add (local.get $t0) (local.get $blockPanels)))
        (br $blocks)))))
