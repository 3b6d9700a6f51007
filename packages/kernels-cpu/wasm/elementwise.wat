;; float32 elementwise loops for the CPU backend (activations, training updates), WebAssembly SIMD128.
;;
;; Compiled by scripts/build-wasm.mjs into src/kernels/shared/wasm/elementwise-wasm.generated.ts
;; (committed; a test fails when it is stale). src/kernels/shared/wasm/elementwise.ts owns the
;; memory, copies operands in and results out, and calls these functions.
;;
;; Why here and not in JS: V8 compiles `x > 0 ? a : b` over typed arrays to a branch, which
;; mispredicts on every other element of a ReLU's input (~8 ns an element); f32x4 compare + and is
;; branchless. The training updates are divisions and square roots, four lanes at a time here.
;;
;; Same numbers as the JS kernels, bit for bit: the training updates compute in float32 in TF's
;; order of operations, as the JS kernels do for float32 variables (each operation rounded with
;; Math.fround there); baseline SIMD has no fused multiply-add to change a rounding.
;;
;; Each function handles a multiple of its width (4 floats for the f32x4 loops; binary_rows whole
;; rows); the caller finishes the last few elements in JS. Every address is in bytes and 16-aligned; `n` counts floats.
(module
  (import "env" "memory" (memory 1))

    ;; out = max(x, 0): NaN stays NaN and -0 becomes +0, as JS's Math.max(x, 0).
  (func (export "relu") (param $x i32) (param $out i32) (param $n i32)
    (local $end i32) (local $zero v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $zero (v128.const f32x4 0 0 0 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out) (f32x4.max (v128.load (local.get $x)) (local.get $zero)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; out = features > 0 ? g : 0, as a mask: a NaN feature compares false and passes no gradient.
  (func (export "relu_grad") (param $g i32) (param $features i32) (param $out i32) (param $n i32)
    (local $end i32) (local $zero v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $zero (v128.const f32x4 0 0 0 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out)
          (v128.and (v128.load (local.get $g)) (f32x4.gt (v128.load (local.get $features)) (local.get $zero))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $features (i32.add (local.get $features) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; The training updates of float32 variables, four lanes at a time in float32 arithmetic with TF's
  ;; order of operations (training_ops.cc's CPU functors, with T = float): each operation rounds to
  ;; float32, as Eigen's packet operations do, so the results are TF's bit for bit. Scalars arrive
  ;; as float32 values in f64 parameters (demoted exactly).

  ;; var -= delta · alpha (TF: var -= grad * lr).
  (func (export "gradient_descent") (param $var i32) (param $delta i32) (param $n i32) (param $alpha f64)
    (local $end i32) (local $a v128)
    (local.set $end (i32.add (local.get $var) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $a (f32x4.splat (f32.demote_f64 (local.get $alpha))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $var) (local.get $end)))
        (v128.store (local.get $var)
          (f32x4.sub (v128.load (local.get $var)) (f32x4.mul (v128.load (local.get $delta)) (local.get $a))))
        (local.set $var (i32.add (local.get $var) (i32.const 16)))
        (local.set $delta (i32.add (local.get $delta) (i32.const 16)))
        (br $next))))

  ;; accum = accum·momentum + g; var -= accum·lr, or with Nesterov var -= g·lr + accum·momentum·lr.
  (func (export "momentum") (param $var i32) (param $accum i32) (param $grad i32) (param $n i32)
    (param $lr f64) (param $momentum f64) (param $nesterov i32)
    (local $end i32) (local $g v128) (local $acc v128) (local $lr4 v128) (local $mom4 v128) (local $step v128)
    (local.set $end (i32.add (local.get $var) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $lr4 (f32x4.splat (f32.demote_f64 (local.get $lr))))
    (local.set $mom4 (f32x4.splat (f32.demote_f64 (local.get $momentum))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $var) (local.get $end)))
        (local.set $g (v128.load (local.get $grad)))
        (local.set $acc (f32x4.add (f32x4.mul (v128.load (local.get $accum)) (local.get $mom4)) (local.get $g)))
        (v128.store (local.get $accum) (local.get $acc))
        (if (local.get $nesterov)
          (then
            (local.set $step
              (f32x4.add (f32x4.mul (local.get $g) (local.get $lr4))
                (f32x4.mul (f32x4.mul (local.get $acc) (local.get $mom4)) (local.get $lr4)))))
          (else (local.set $step (f32x4.mul (local.get $acc) (local.get $lr4)))))
        (v128.store (local.get $var) (f32x4.sub (v128.load (local.get $var)) (local.get $step)))
        (local.set $var (i32.add (local.get $var) (i32.const 16)))
        (local.set $accum (i32.add (local.get $accum) (i32.const 16)))
        (local.set $grad (i32.add (local.get $grad) (i32.const 16)))
        (br $next))))

  ;; Adam, TF 1.x: m += (g - m)(1 - β1); v += (g² - v)(1 - β2);
  ;; var -= (nesterov ? g(1 - β1) + β1·m : m) · alpha / (√v + ε), alpha the bias-corrected step
  ;; size (computed by the caller in float32, as TF does).
  (func (export "adam") (param $var i32) (param $m i32) (param $v i32) (param $grad i32) (param $n i32)
    (param $alpha f64) (param $beta1 f64) (param $beta2 f64) (param $epsilon f64) (param $nesterov i32)
    (local $end i32) (local $g v128) (local $m4 v128) (local $v4 v128) (local $step v128)
    (local $alpha4 v128) (local $beta1_4 v128) (local $oneMinusBeta1 v128) (local $oneMinusBeta2 v128) (local $eps4 v128)
    (local.set $end (i32.add (local.get $var) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $alpha4 (f32x4.splat (f32.demote_f64 (local.get $alpha))))
    (local.set $beta1_4 (f32x4.splat (f32.demote_f64 (local.get $beta1))))
    (local.set $oneMinusBeta1 (f32x4.splat (f32.sub (f32.const 1) (f32.demote_f64 (local.get $beta1)))))
    (local.set $oneMinusBeta2 (f32x4.splat (f32.sub (f32.const 1) (f32.demote_f64 (local.get $beta2)))))
    (local.set $eps4 (f32x4.splat (f32.demote_f64 (local.get $epsilon))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $var) (local.get $end)))
        (local.set $g (v128.load (local.get $grad)))
        (local.set $m4 (v128.load (local.get $m)))
        (local.set $m4
          (f32x4.add (local.get $m4) (f32x4.mul (f32x4.sub (local.get $g) (local.get $m4)) (local.get $oneMinusBeta1))))
        (v128.store (local.get $m) (local.get $m4))
        (local.set $v4 (v128.load (local.get $v)))
        (local.set $v4
          (f32x4.add (local.get $v4)
            (f32x4.mul (f32x4.sub (f32x4.mul (local.get $g) (local.get $g)) (local.get $v4)) (local.get $oneMinusBeta2))))
        (v128.store (local.get $v) (local.get $v4))
        (local.set $step
          (if (result v128) (local.get $nesterov)
            (then
              (f32x4.add (f32x4.mul (local.get $g) (local.get $oneMinusBeta1))
                (f32x4.mul (local.get $beta1_4) (local.get $m4))))
            (else (local.get $m4))))
        (v128.store (local.get $var)
          (f32x4.sub (v128.load (local.get $var))
            (f32x4.div (f32x4.mul (local.get $step) (local.get $alpha4))
              (f32x4.add (f32x4.sqrt (local.get $v4)) (local.get $eps4)))))
        (local.set $var (i32.add (local.get $var) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $grad (i32.add (local.get $grad) (i32.const 16)))
        (br $next))))

  ;; acc[c] = Σ_r x[r·cols + c] (rows × cols float32 in, cols float64 out): sums over the leading
  ;; axes, such as a bias gradient. Each column is summed in float64 in order of r, as the JS loop
  ;; does, so the sums are equal bit for bit; two columns at a time, the last odd one alone.
  (func (export "column_sums") (param $x i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $pairsEnd i32) (local $accEnd i32) (local $p i32) (local $r i32)
    (local.set $accEnd (i32.add (local.get $acc) (i32.shl (local.get $cols) (i32.const 3))))
    (local.set $pairsEnd (i32.add (local.get $acc) (i32.shl (i32.and (local.get $cols) (i32.const -2)) (i32.const 3))))
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $cols) (i32.const 3)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (local.get $acc))
        (block $pairsDone
          (loop $pair
            (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $pairsEnd)))
            (v128.store (local.get $p)
              (f64x2.add (v128.load (local.get $p)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $x)))))
            (local.set $x (i32.add (local.get $x) (i32.const 8)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $pair)))
        (if (i32.lt_u (local.get $p) (local.get $accEnd))
          (then
            (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.promote_f32 (f32.load (local.get $x)))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))
  ;; out = full ⊕ vec (vec ⊕ full when $swap), vec's m floats repeating along out's n (a bias over
  ;; [N, …, C], or a same-shape zip when m = n); ⊕ by $op: 0 add, 1 sub, 2 mul, 3 div. m is a
  ;; multiple of 4. float32 arithmetic is exact here: JS's float64 result rounded to float32 is
  ;; the same number (a double rounding that cannot change a sum, difference, product or quotient).
  (func (export "binary_rows") (param $op i32) (param $swap i32) (param $full i32) (param $vec i32) (param $out i32)
    (param $n i32) (param $m i32)
    (local $end i32) (local $v i32) (local $rowEnd i32) (local $x v128) (local $y v128) (local $t v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $rowEnd (i32.add (local.get $vec) (i32.shl (local.get $m) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v (local.get $vec))
        (block $rowDone
          (loop $next
            (br_if $rowDone (i32.ge_u (local.get $v) (local.get $rowEnd)))
            (local.set $x (v128.load (local.get $full)))
            (local.set $y (v128.load (local.get $v)))
            (if (local.get $swap)
              (then
                (local.set $t (local.get $x))
                (local.set $x (local.get $y))
                (local.set $y (local.get $t))))
            (v128.store (local.get $out)
              (if (result v128) (i32.eqz (local.get $op))
                (then (f32x4.add (local.get $x) (local.get $y)))
                (else
                  (if (result v128) (i32.eq (local.get $op) (i32.const 1))
                    (then (f32x4.sub (local.get $x) (local.get $y)))
                    (else
                      (if (result v128) (i32.eq (local.get $op) (i32.const 2))
                        (then (f32x4.mul (local.get $x) (local.get $y)))
                        (else (f32x4.div (local.get $x) (local.get $y)))))))))
            (local.set $full (i32.add (local.get $full) (i32.const 16)))
            (local.set $v (i32.add (local.get $v) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (br $next)))
        (br $row))))
)
