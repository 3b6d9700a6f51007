;; im2col for NHWC float32 inputs (src/kernels/shared/im2col.ts's `im2col`, the same rows bit for
;; bit): each output position's receptive field as one row of K = windowRows·windowCols·depth
;; values, zeros where padding or a dilation gap falls outside the input.
;;
;; Compiled by scripts/build-wasm.mjs into src/kernels/shared/wasm/im2col-wasm.generated.ts
;; (committed; a test fails when it is stale). src/kernels/shared/wasm/im2col.ts calls it over the
;; CPU backend's heap, where the input tensor and the im2col scratch both live.
;;
;; Why here and not in JS: a window row's taps inside the input are one run of the input row
;; (5 taps × 32 channels for the MNIST CNN's second layer), 49,000 runs a pass there; `copyWithin`
;; costs a call and its checks per run, `memory.copy` a few nanoseconds, and the JS version also
;; first copied the input range next to the columns (the two arrays had to be one). That pass
;; takes 1.6 ms here against 4.5 ms in JS (one vCPU; memory.copy/fill measured ~8 % faster than
;; v128 load/store loops on these runs).
;;
;; Addresses are bytes; sizes, offsets and positions are counted in floats as in im2col.ts.
(module
  (import "env" "memory" (memory 1))

  ;; Writes im2col rows [firstRow, firstRow + count) at dst (row-major [count, K]), reading the
  ;; input (image 0's first value) at x.
  (func (export "im2col")
    (param $x i32) (param $inRows i32) (param $inCols i32) (param $depth i32)
    (param $windowRows i32) (param $windowCols i32) (param $dilationRows i32) (param $dilationCols i32)
    (param $strideRows i32) (param $strideCols i32) (param $outRows i32) (param $outCols i32)
    (param $padTop i32) (param $padLeft i32) (param $firstRow i32) (param $count i32) (param $dst i32)
    (local $rowBytes i32) (local $inRowSize i32) (local $imageSize i32) (local $tapBytes i32)
    (local $depthBytes i32) (local $positions i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $row i32) (local $di i32)
    (local $y0 i32) (local $x0 i32) (local $iy i32) (local $tapStart i32) (local $tapEnd i32)
    (local $before i32) (local $valid i32) (local $after i32) (local $rowStart i32)
    (local $src i32) (local $end i32)
    (local.set $rowBytes (i32.shl (i32.mul (local.get $windowCols) (local.get $depth)) (i32.const 2)))
    (local.set $inRowSize (i32.mul (local.get $inCols) (local.get $depth)))
    (local.set $imageSize (i32.mul (local.get $inRows) (local.get $inRowSize)))
    (local.set $depthBytes (i32.shl (local.get $depth) (i32.const 2)))
    (local.set $tapBytes (i32.mul (local.get $dilationCols) (local.get $depthBytes)))
    (local.set $positions (i32.mul (local.get $outRows) (local.get $outCols)))
    (local.set $b (i32.div_u (local.get $firstRow) (local.get $positions)))
    (local.set $oy (i32.div_u (i32.rem_u (local.get $firstRow) (local.get $positions)) (local.get $outCols)))
    (local.set $ox (i32.rem_u (local.get $firstRow) (local.get $outCols)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $row) (local.get $count)))
        (local.set $y0 (i32.sub (i32.mul (local.get $oy) (local.get $strideRows)) (local.get $padTop)))
        (local.set $x0 (i32.sub (i32.mul (local.get $ox) (local.get $strideCols)) (local.get $padLeft)))
        ;; The first tap inside the input: ceil(-x0 / dilation) when the window starts left of it.
        (local.set $tapStart (i32.const 0))
        (if (i32.lt_s (local.get $x0) (i32.const 0))
          (then
            (local.set $tapStart
              (i32.div_u
                (i32.sub (i32.add (i32.sub (i32.const 0) (local.get $x0)) (local.get $dilationCols)) (i32.const 1))
                (local.get $dilationCols)))
            (if (i32.gt_u (local.get $tapStart) (local.get $windowCols))
              (then (local.set $tapStart (local.get $windowCols))))))
        ;; One past the last tap inside: floor((inCols - 1 - x0) / dilation) + 1, at least tapStart.
        (local.set $end (i32.sub (i32.sub (local.get $inCols) (i32.const 1)) (local.get $x0)))
        (local.set $tapEnd (local.get $tapStart))
        (if (i32.ge_s (local.get $end) (i32.const 0))
          (then
            (local.set $tapEnd (i32.add (i32.div_u (local.get $end) (local.get $dilationCols)) (i32.const 1)))
            (if (i32.gt_u (local.get $tapEnd) (local.get $windowCols))
              (then (local.set $tapEnd (local.get $windowCols))))
            (if (i32.lt_u (local.get $tapEnd) (local.get $tapStart))
              (then (local.set $tapEnd (local.get $tapStart))))))
        (local.set $before (i32.mul (local.get $tapStart) (local.get $depthBytes)))
        (local.set $valid (i32.mul (i32.sub (local.get $tapEnd) (local.get $tapStart)) (local.get $depthBytes)))
        (local.set $after (i32.sub (i32.sub (local.get $rowBytes) (local.get $before)) (local.get $valid)))
        ;; In floats: the input offset of this window's first tap inside the input, in row 0.
        (local.set $rowStart
          (i32.add
            (i32.mul (local.get $b) (local.get $imageSize))
            (i32.mul
              (i32.add (local.get $x0) (i32.mul (local.get $tapStart) (local.get $dilationCols)))
              (local.get $depth))))
        (local.set $di (i32.const 0))
        (block $taps_done
          (loop $taps
            (br_if $taps_done (i32.ge_u (local.get $di) (local.get $windowRows)))
            (local.set $iy (i32.add (local.get $y0) (i32.mul (local.get $di) (local.get $dilationRows))))
            (if (i32.or (i32.lt_s (local.get $iy) (i32.const 0)) (i32.ge_s (local.get $iy) (local.get $inRows)))
              (then
                (memory.fill (local.get $dst) (i32.const 0) (local.get $rowBytes))
                (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes))))
              (else
                (memory.fill (local.get $dst) (i32.const 0) (local.get $before))
                (local.set $dst (i32.add (local.get $dst) (local.get $before)))
                (local.set $src
                  (i32.add (local.get $x)
                    (i32.shl
                      (i32.add (local.get $rowStart) (i32.mul (local.get $iy) (local.get $inRowSize)))
                      (i32.const 2))))
                (if (i32.eq (local.get $dilationCols) (i32.const 1))
                  (then
                    (if (local.get $valid) ;; none for a window wholly outside the input (src is then meaningless)
                      (then (memory.copy (local.get $dst) (local.get $src) (local.get $valid))))
                    (local.set $dst (i32.add (local.get $dst) (local.get $valid))))
                  (else
                    (local.set $end (i32.add (local.get $dst) (local.get $valid)))
                    (block $gap_done
                      (loop $gap
                        (br_if $gap_done (i32.ge_u (local.get $dst) (local.get $end)))
                        (memory.copy (local.get $dst) (local.get $src) (local.get $depthBytes))
                        (local.set $src (i32.add (local.get $src) (local.get $tapBytes)))
                        (local.set $dst (i32.add (local.get $dst) (local.get $depthBytes)))
                        (br $gap)))))
                (memory.fill (local.get $dst) (i32.const 0) (local.get $after))
                (local.set $dst (i32.add (local.get $dst) (local.get $after)))))
            (local.set $di (i32.add (local.get $di) (i32.const 1)))
            (br $taps)))
        (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
        (if (i32.eq (local.get $ox) (local.get $outCols))
          (then
            (local.set $ox (i32.const 0))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (if (i32.eq (local.get $oy) (local.get $outRows))
              (then
                (local.set $oy (i32.const 0))
                (local.set $b (i32.add (local.get $b) (i32.const 1)))))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows))))
;; Zeros n floats at dst; returns the address after them. A store loop, not memory.fill: the runs
  ;; of im2col_transposed are a few floats, where a memory.fill call costs more than the stores.
  (func $zeros (param $dst i32) (param $n i32) (result i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $next)))
    (local.get $end))

  ;; Copies n floats from src to dst (not overlapping), four at a time; returns the address after them.
  (func $copy (param $dst i32) (param $src i32) (param $n i32) (result i32)
    (local $end i32) (local $quads i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $quads (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $quads)))
        (v128.store (local.get $dst) (v128.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $next)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $tail)))
    (local.get $end))

  ;; Writes columns [firstRow, firstRow + count) of colsᵀ (row-major [K, count], K = windowRows ·
  ;; windowCols) at dst for a single-channel input at column stride 1 (src/kernels/shared/
  ;; im2col-transposed.ts's `im2colTransposed`, the same matrix bit for bit): row t of colsᵀ is tap
  ;; t = (di, dj), and along an output row its values are one run of an input row, so each output
  ;; row a tap reads is zeros, a copy and zeros. The runs are short (an MNIST row: 28 floats), so
  ;; they move with v128 loads and stores. im2col's parameters, so callers pass either the same
  ;; arguments; depth and strideCols are 1 here and not read.
  (func (export "im2col_transposed")
    (param $x i32) (param $inRows i32) (param $inCols i32) (param $depth i32)
    (param $windowRows i32) (param $windowCols i32) (param $dilationRows i32) (param $dilationCols i32)
    (param $strideRows i32) (param $strideCols i32) (param $outRows i32) (param $outCols i32)
    (param $padTop i32) (param $padLeft i32) (param $firstRow i32) (param $count i32) (param $dst i32)
    (local $positions i32) (local $imageSize i32) (local $di i32) (local $dj i32) (local $shift i32)
    (local $lo i32) (local $hi i32) (local $b i32) (local $oy i32) (local $ox i32) (local $left i32)
    (local $end i32) (local $iy i32) (local $runStart i32) (local $runEnd i32)
    (local.set $positions (i32.mul (local.get $outRows) (local.get $outCols)))
    (local.set $imageSize (i32.mul (local.get $inRows) (local.get $inCols)))
    (block $taps_done
      (loop $taps
        (br_if $taps_done (i32.ge_u (local.get $di) (local.get $windowRows)))
        ;; Output column ox reads input column ox + shift: inside the input for ox in [lo, hi).
        (local.set $shift (i32.sub (i32.mul (local.get $dj) (local.get $dilationCols)) (local.get $padLeft)))
        (local.set $lo (select (i32.sub (i32.const 0) (local.get $shift)) (i32.const 0) (i32.lt_s (local.get $shift) (i32.const 0))))
        (local.set $hi (i32.sub (local.get $inCols) (local.get $shift)))
        (if (i32.gt_s (local.get $hi) (local.get $outCols)) (then (local.set $hi (local.get $outCols))))
        (local.set $b (i32.div_u (local.get $firstRow) (local.get $positions)))
        (local.set $oy (i32.div_u (i32.rem_u (local.get $firstRow) (local.get $positions)) (local.get $outCols)))
        (local.set $ox (i32.rem_u (local.get $firstRow) (local.get $outCols)))
        (local.set $left (local.get $count))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.le_s (local.get $left) (i32.const 0)))
            ;; The rest of output row (b, oy) from column ox, or as much of it as the chunk holds.
            (local.set $end (i32.add (local.get $ox) (local.get $left)))
            (if (i32.gt_u (local.get $end) (local.get $outCols)) (then (local.set $end (local.get $outCols))))
            (local.set $iy
              (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $strideRows)) (local.get $padTop))
                (i32.mul (local.get $di) (local.get $dilationRows))))
            (if (i32.or (i32.or (i32.lt_s (local.get $iy) (i32.const 0)) (i32.ge_s (local.get $iy) (local.get $inRows)))
                  (i32.ge_s (local.get $lo) (local.get $hi)))
              (then
                (local.set $dst (call $zeros (local.get $dst) (i32.sub (local.get $end) (local.get $ox)))))
              (else
                ;; runStart = min(max(ox, lo), end); runEnd = max(runStart, min(end, hi))
                (local.set $runStart (select (local.get $ox) (local.get $lo) (i32.gt_s (local.get $ox) (local.get $lo))))
                (if (i32.gt_s (local.get $runStart) (local.get $end)) (then (local.set $runStart (local.get $end))))
                (local.set $runEnd (select (local.get $end) (local.get $hi) (i32.lt_s (local.get $end) (local.get $hi))))
                (if (i32.lt_s (local.get $runEnd) (local.get $runStart)) (then (local.set $runEnd (local.get $runStart))))
                (local.set $dst (call $zeros (local.get $dst) (i32.sub (local.get $runStart) (local.get $ox))))
                (local.set $dst
                  (call $copy (local.get $dst)
                    (i32.add (local.get $x)
                      (i32.shl
                        (i32.add (i32.add (i32.mul (local.get $b) (local.get $imageSize)) (i32.mul (local.get $iy) (local.get $inCols)))
                          (i32.add (local.get $runStart) (local.get $shift)))
                        (i32.const 2)))
                    (i32.sub (local.get $runEnd) (local.get $runStart))))
                (local.set $dst (call $zeros (local.get $dst) (i32.sub (local.get $end) (local.get $runEnd))))))
            (local.set $left (i32.sub (local.get $left) (i32.sub (local.get $end) (local.get $ox))))
            (local.set $ox (i32.const 0))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (if (i32.eq (local.get $oy) (local.get $outRows))
              (then
                (local.set $oy (i32.const 0))
                (local.set $b (i32.add (local.get $b) (i32.const 1)))))
            (br $rows)))
        (local.set $dj (i32.add (local.get $dj) (i32.const 1)))
        (if (i32.eq (local.get $dj) (local.get $windowCols))
          (then
            (local.set $dj (i32.const 0))
            (local.set $di (i32.add (local.get $di) (i32.const 1)))))
        (br $taps))))
)
