;; MaxPool and MaxPoolGrad for the usual 2×2 window at stride 2 (NHWC float32, every window whole:
;; VALID, or SAME on even sizes), WebAssembly SIMD128, four channels a step.
;;
;; Compiled by scripts/build-wasm.mjs into src/kernels/shared/wasm/pool-wasm.generated.ts
;; (committed; a test fails when it is stale). src/kernels/shared/wasm/pool.ts owns the memory,
;; copies operands in and results out, and calls these functions.
;;
;; Why here and not in JS: the JS loops (shared/max-pool-loops.ts) compare four taps with branches
;; that mispredict on most windows of real activations (~20 ns a window and channel); f32x4
;; compares and bitselect are branchless.
;;
;; Same numbers as the JS loops, bit for bit: a running max m takes the next tap v where
;; `m == m && (v > m || v != v)` (the first of equal maxima, or the first NaN, as TF's CPU kernel),
;; and MaxPoolGrad gives that tap the whole gradient plus +0 (a -0 gradient becomes +0, as the JS
;; kernels' sum from 0 does), every other tap +0.
;;
;; `depth` must be a multiple of 4. Every address is in bytes and 16-aligned.
(module
  (import "env" "memory" (memory 1))

  ;; The lanes where v replaces the running max m.
  (func $takes (param $m v128) (param $v v128) (result v128)
    (v128.and
      (f32x4.eq (local.get $m) (local.get $m))
      (v128.or (f32x4.gt (local.get $v) (local.get $m)) (f32x4.ne (local.get $v) (local.get $v)))))

  ;; out[b, oy, ox, c] = the max of x[b, 2oy..2oy+1, 2ox..2ox+1, c].
  (func (export "max_pool_2x2")
    (param $x i32) (param $out i32) (param $batch i32) (param $inRows i32) (param $inCols i32)
    (param $depth i32) (param $outRows i32) (param $outCols i32)
    (local $pixel i32) (local $row i32) (local $image i32) (local $b i32) (local $oy i32) (local $ox i32)
    (local $p i32) (local $end i32) (local $m v128) (local $v v128)
    (local.set $pixel (i32.shl (local.get $depth) (i32.const 2)))
    (local.set $row (i32.mul (local.get $inCols) (local.get $pixel)))
    (local.set $image (i32.mul (local.get $inRows) (local.get $row)))
    (local.set $b (i32.const 0))
    (block $images_done
      (loop $images
        (br_if $images_done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $oy (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $oy) (local.get $outRows)))
            (local.set $ox (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $ox) (local.get $outCols)))
                ;; p: channel 0 of the window's top-left tap
                (local.set $p
                  (i32.add (local.get $x)
                    (i32.add (i32.mul (local.get $b) (local.get $image))
                      (i32.add (i32.mul (i32.shl (local.get $oy) (i32.const 1)) (local.get $row))
                        (i32.mul (i32.shl (local.get $ox) (i32.const 1)) (local.get $pixel))))))
                (local.set $end (i32.add (local.get $p) (local.get $pixel)))
                (block $channels_done
                  (loop $channels
                    (br_if $channels_done (i32.ge_u (local.get $p) (local.get $end)))
                    (local.set $m (v128.load (local.get $p)))
                    (local.set $v (v128.load (i32.add (local.get $p) (local.get $pixel))))
                    (local.set $m (v128.bitselect (local.get $v) (local.get $m) (call $takes (local.get $m) (local.get $v))))
                    (local.set $v (v128.load (i32.add (local.get $p) (local.get $row))))
                    (local.set $m (v128.bitselect (local.get $v) (local.get $m) (call $takes (local.get $m) (local.get $v))))
                    (local.set $v (v128.load (i32.add (i32.add (local.get $p) (local.get $row)) (local.get $pixel))))
                    (local.set $m (v128.bitselect (local.get $v) (local.get $m) (call $takes (local.get $m) (local.get $v))))
                    (v128.store (local.get $out) (local.get $m))
                    (local.set $out (i32.add (local.get $out) (i32.const 16)))
                    (local.set $p (i32.add (local.get $p) (i32.const 16)))
                    (br $channels)))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $cols)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $rows)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $images))))

  ;; dx = grad at each window's max tap, +0 at the other taps and at input rows and columns no
  ;; window covers (VALID on odd sizes).
  (func (export "max_pool_grad_2x2")
    (param $x i32) (param $grad i32) (param $dx i32) (param $batch i32) (param $inRows i32) (param $inCols i32)
    (param $depth i32) (param $outRows i32) (param $outCols i32)
    (local $pixel i32) (local $row i32) (local $image i32) (local $b i32) (local $oy i32) (local $ox i32)
    (local $p i32) (local $d i32) (local $end i32) (local $m v128) (local $v v128) (local $take v128)
    (local $at v128) (local $g v128) (local $zero v128)
    (local.set $pixel (i32.shl (local.get $depth) (i32.const 2)))
    (local.set $row (i32.mul (local.get $inCols) (local.get $pixel)))
    (local.set $image (i32.mul (local.get $inRows) (local.get $row)))
    (local.set $zero (v128.const i32x4 0 0 0 0))
    ;; Uncovered elements exist only where the sizes are odd: zero all of dx first then.
    (if (i32.or (i32.ne (local.get $inRows) (i32.shl (local.get $outRows) (i32.const 1)))
                (i32.ne (local.get $inCols) (i32.shl (local.get $outCols) (i32.const 1))))
      (then
        (local.set $d (local.get $dx))
        (local.set $end (i32.add (local.get $dx) (i32.mul (local.get $batch) (local.get $image))))
        (block $zeroed
          (loop $zeroing
            (br_if $zeroed (i32.ge_u (local.get $d) (local.get $end)))
            (v128.store (local.get $d) (local.get $zero))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $zeroing)))))
    (local.set $b (i32.const 0))
    (block $images_done
      (loop $images
        (br_if $images_done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $oy (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $oy) (local.get $outRows)))
            (local.set $ox (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $ox) (local.get $outCols)))
                ;; the window's top-left tap, as an offset from x (and from dx)
                (local.set $p
                  (i32.add (i32.mul (local.get $b) (local.get $image))
                    (i32.add (i32.mul (i32.shl (local.get $oy) (i32.const 1)) (local.get $row))
                      (i32.mul (i32.shl (local.get $ox) (i32.const 1)) (local.get $pixel)))))
                (local.set $end (i32.add (local.get $p) (local.get $pixel)))
                (block $channels_done
                  (loop $channels
                    (br_if $channels_done (i32.ge_u (local.get $p) (local.get $end)))
                    ;; at: which tap (0..3, row-major) holds each lane's max
                    (local.set $m (v128.load (i32.add (local.get $x) (local.get $p))))
                    (local.set $at (local.get $zero))
                    (local.set $v (v128.load (i32.add (i32.add (local.get $x) (local.get $p)) (local.get $pixel))))
                    (local.set $take (call $takes (local.get $m) (local.get $v)))
                    (local.set $m (v128.bitselect (local.get $v) (local.get $m) (local.get $take)))
                    (local.set $at (v128.bitselect (v128.const i32x4 1 1 1 1) (local.get $at) (local.get $take)))
                    (local.set $v (v128.load (i32.add (i32.add (local.get $x) (local.get $p)) (local.get $row))))
                    (local.set $take (call $takes (local.get $m) (local.get $v)))
                    (local.set $m (v128.bitselect (local.get $v) (local.get $m) (local.get $take)))
                    (local.set $at (v128.bitselect (v128.const i32x4 2 2 2 2) (local.get $at) (local.get $take)))
                    (local.set $v
                      (v128.load (i32.add (i32.add (i32.add (local.get $x) (local.get $p)) (local.get $row)) (local.get $pixel))))
                    (local.set $take (call $takes (local.get $m) (local.get $v)))
                    (local.set $at (v128.bitselect (v128.const i32x4 3 3 3 3) (local.get $at) (local.get $take)))
                    ;; + 0: a -0 gradient becomes +0
                    (local.set $g (f32x4.add (v128.load (local.get $grad)) (local.get $zero)))
                    (local.set $d (i32.add (local.get $dx) (local.get $p)))
                    (v128.store (local.get $d)
                      (v128.and (local.get $g) (i32x4.eq (local.get $at) (v128.const i32x4 0 0 0 0))))
                    (v128.store (i32.add (local.get $d) (local.get $pixel))
                      (v128.and (local.get $g) (i32x4.eq (local.get $at) (v128.const i32x4 1 1 1 1))))
                    (v128.store (i32.add (local.get $d) (local.get $row))
                      (v128.and (local.get $g) (i32x4.eq (local.get $at) (v128.const i32x4 2 2 2 2))))
                    (v128.store (i32.add (i32.add (local.get $d) (local.get $row)) (local.get $pixel))
                      (v128.and (local.get $g) (i32x4.eq (local.get $at) (v128.const i32x4 3 3 3 3))))
                    (local.set $grad (i32.add (local.get $grad) (i32.const 16)))
                    (local.set $p (i32.add (local.get $p) (i32.const 16)))
                    (br $channels)))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $cols)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $rows)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $images)))))
