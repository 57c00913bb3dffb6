(** * Where the theorem stops: computed counterexamples

    (d) With non-zero initial weights η changes the predictions.  etaproof's own
        witness ([symbolic/theorems/nonzero_init.py], [numeric.train]): one
        feature, w⁽⁰⁾ = [1], x⁽¹⁾ = x⁽²⁾ = [1], y⁽¹⁾ = the negative label (−1, or 0
        for zero-one), y⁽²⁾ = 1.  The first sample is a mistake that moves w by
        η·c₁ (c₁ = −2 for Rosenblatt, −1 for the other rules), so
        ŷ⁽²⁾ = predict(1 + η·c₁) flips between η = 1/10 and η = 10:

          rule            ŷ at η = 1/10   ŷ at η = 10   w⁽²⁾ at 1/10, at 10
          rosenblatt      1, 1            1, −1         4/5, 1
          zero-one        1, 1            1, 0          9/10, 1
          mistake-driven  1, 1            1, −1         9/10, 1

    (e) Adaline (Δw = η(y − w·x)x, ŷ = φ(w·x)) depends on η even from zero:
        one sample x = [1], y = 1, three epochs, w⁽⁰⁾ = [0].  At rate η the
        weights are η, 2η − η², …, so ŷ⁽³⁾ = φ(2η − η²) = −1 once η > 2:

          η = 1/10: ŷ = 1, 1, 1   w⁽³⁾ = 271/1000
          η = 10:   ŷ = 1, 1, −1  w⁽³⁾ = 730

        It is the update condition that fails: Adaline's decision is the
        Rosenblatt one.

    Every number below is computed by the kernel ([vm_compute]) from the
    definitions; tests/proofs/test_coq.py checks them against numeric.train. *)

From Coq Require Import QArith List Setoid Morphisms.
From Etaproof Require Import Vectors Training Rules.
Import ListNotations.
Open Scope Q_scope.

(** A run, stated as data: its predictions and its final weights. *)
Definition runs_as r eta w0 data E (predicted w_end : vec) : Prop :=
  veq (predictions r eta w0 data E) predicted /\ veq (final_weights r eta w0 data E) w_end.

Lemma runs_as_by_computation : forall r eta w0 data E predicted w_end,
  veqb (predictions r eta w0 data E) predicted && veqb (final_weights r eta w0 data E) w_end
    = true ->
  runs_as r eta w0 data E predicted w_end.
Proof.
  intros * H; apply andb_true_iff in H as [Hp Hw].
  split; apply veqb_spec; assumption.
Qed.

(** Two rates whose predictions differ refute the invariance. *)
Lemma refute_invariance : forall (P : Q -> vec) eta1 eta2,
  0 < eta1 -> 0 < eta2 -> veqb (P eta1) (P eta2) = false ->
  ~ (forall e1 e2, 0 < e1 -> 0 < e2 -> veq (P e1) (P e2)).
Proof.
  intros P eta1 eta2 H1 H2 Hdiffer Hall.
  exact (veqb_false _ _ Hdiffer (Hall eta1 eta2 H1 H2)).
Qed.

Lemma one_tenth_positive : 0 < 1#10. Proof. reflexivity. Qed.
Lemma ten_positive : 0 < 10. Proof. reflexivity. Qed.

(** ** (d) Non-zero initial weights: etaproof's witness *)

Definition witness (negative : Q) : list sample := [([1], negative); ([1], 1)].

(** ŷ⁽²⁾ as a function of η: φ(1 − 2η), unit_step(1 − η), φ(1 − η). *)
Theorem rosenblatt_witness_second_prediction : forall eta,
  nth 1 (predictions rosenblatt eta [1] (witness (-1)) 1) 0 = phi (1 - 2 * eta).
Proof. intros; cbn; apply phi_compat; ring. Qed.

Theorem zero_one_witness_second_prediction : forall eta,
  nth 1 (predictions zero_one eta [1] (witness 0) 1) 0 = unit_step (1 - eta).
Proof. intros; cbn; apply unit_step_compat; ring. Qed.

Theorem mistake_driven_witness_second_prediction : forall eta,
  nth 1 (predictions mistake_driven eta [1] (witness (-1)) 1) 0 = phi (1 - eta).
Proof. intros; cbn; apply phi_compat; ring. Qed.

Theorem rosenblatt_witness_at_one_tenth :
  runs_as rosenblatt (1#10) [1] (witness (-1)) 1 [1; 1] [4#5].
Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.

Theorem rosenblatt_witness_at_ten :
  runs_as rosenblatt 10 [1] (witness (-1)) 1 [1; -1] [1].
Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.

Theorem zero_one_witness_at_one_tenth :
  runs_as zero_one (1#10) [1] (witness 0) 1 [1; 1] [9#10].
Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.

Theorem zero_one_witness_at_ten :
  runs_as zero_one 10 [1] (witness 0) 1 [1; 0] [1].
Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.

Theorem mistake_driven_witness_at_one_tenth :
  runs_as mistake_driven (1#10) [1] (witness (-1)) 1 [1; 1] [9#10].
Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.

Theorem mistake_driven_witness_at_ten :
  runs_as mistake_driven 10 [1] (witness (-1)) 1 [1; -1] [1].
Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.

Theorem rosenblatt_nonzero_init_counterexample :
  ~ (forall eta1 eta2, 0 < eta1 -> 0 < eta2 ->
       veq (predictions rosenblatt eta1 [1] (witness (-1)) 1)
           (predictions rosenblatt eta2 [1] (witness (-1)) 1)).
Proof.
  apply (refute_invariance (fun eta => predictions rosenblatt eta [1] (witness (-1)) 1) (1#10) 10);
    [exact one_tenth_positive | exact ten_positive | vm_compute; reflexivity].
Qed.

Theorem zero_one_nonzero_init_counterexample :
  ~ (forall eta1 eta2, 0 < eta1 -> 0 < eta2 ->
       veq (predictions zero_one eta1 [1] (witness 0) 1)
           (predictions zero_one eta2 [1] (witness 0) 1)).
Proof.
  apply (refute_invariance (fun eta => predictions zero_one eta [1] (witness 0) 1) (1#10) 10);
    [exact one_tenth_positive | exact ten_positive | vm_compute; reflexivity].
Qed.

Theorem mistake_driven_nonzero_init_counterexample :
  ~ (forall eta1 eta2, 0 < eta1 -> 0 < eta2 ->
       veq (predictions mistake_driven eta1 [1] (witness (-1)) 1)
           (predictions mistake_driven eta2 [1] (witness (-1)) 1)).
Proof.
  apply (refute_invariance
           (fun eta => predictions mistake_driven eta [1] (witness (-1)) 1) (1#10) 10);
    [exact one_tenth_positive | exact ten_positive | vm_compute; reflexivity].
Qed.

(** ** (e) Adaline: η matters even from zero *)

Definition adaline_data : list sample := [([1], 1)].

Theorem adaline_at_one_tenth :
  runs_as adaline (1#10) (zeros 1) adaline_data 3 [1; 1; 1] [271#1000].
Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.

Theorem adaline_at_ten :
  runs_as adaline 10 (zeros 1) adaline_data 3 [1; 1; -1] [730].
Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.

Theorem adaline_zero_init_counterexample :
  ~ (forall eta1 eta2, 0 < eta1 -> 0 < eta2 ->
       veq (predictions adaline eta1 (zeros 1) adaline_data 3)
           (predictions adaline eta2 (zeros 1) adaline_data 3)).
Proof.
  apply (refute_invariance (fun eta => predictions adaline eta (zeros 1) adaline_data 3) (1#10) 10);
    [exact one_tenth_positive | exact ten_positive | vm_compute; reflexivity].
Qed.

(** Adaline keeps the first condition: its decision is Rosenblatt's. *)
Theorem adaline_decision_homogeneous : decision_homogeneous adaline.
Proof. intros c w x Hc; simpl; rewrite phi_dot_scale by exact Hc; reflexivity. Qed.

(** …and breaks the second: c = 2, w = [1], x = [1], y = 1, η = 1 gives
    Δw(c·w, c·η) = 2·(1 − 2)·[1] = [−2] but c·Δw(w, η) = 2·(1·(1 − 1))·[1] = [0]. *)
Theorem adaline_update_instance :
  veq (update adaline (scale 2 [1]) [1] 1 (2 * 1)) [-2] /\
  veq (scale 2 (update adaline [1] [1] 1 1)) [0].
Proof. split; apply veqb_spec; vm_compute; reflexivity. Qed.

Theorem adaline_update_not_homogeneous : ~ update_homogeneous adaline.
Proof.
  intro H.
  assert (Htwo : 0 < 2) by reflexivity.
  apply (veqb_false (update adaline (scale 2 [1]) [1] 1 (2 * 1))
                    (scale 2 (update adaline [1] [1] 1 1)));
    [vm_compute; reflexivity | exact (H 2 [1] [1] 1 1 Htwo)].
Qed.
