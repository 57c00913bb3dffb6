(** * The rules of etaproof, each proved to satisfy the two conditions

    Conventions exactly as in etaproof's rule table ([numeric/rules.py]):
    - [rosenblatt]: labels ±1, ŷ = φ(w·x), Δw = η(y − ŷ)x, φ(z) = 1 if 0 ≤ z else −1
      (so φ(0) = 1);
    - [zero_one]: labels 0/1, ŷ = 1 if w·x ≥ 0 else 0, Δw = η(y − ŷ)x;
    - [mistake_driven]: labels ±1, ŷ = φ(w·x), Δw = η·y·x when y·(w·x) ≤ 0 (a tie
      is a mistake), else 0.
    For each: [*_respects] (the rule is a function of the numbers, see
    [respects_veq]), (a) [*_homogeneous]: the two conditions, (b) [*_zero_init]:
    the zero-init theorem at the end of training, (b') [*_zero_init_every_step]: the same
    after every step k, w⁽ᵏ⁾(η) = η·w⁽ᵏ⁾(1) with the predictions of rate 1, (c)
    [*_scaling_law].  [adaline] (Δw = η(y − w·x)x) is
    defined here and refuted in [Witnesses.v]. *)

From Coq Require Import QArith List Setoid Morphisms Lqa.
From Etaproof Require Import Vectors Training.
Import ListNotations.
Open Scope Q_scope.

(** ** φ and the unit step: only the sign of z matters *)

Definition phi (z : Q) : Q := if Qle_bool 0 z then 1 else -1.
Definition unit_step (z : Q) : Q := if Qle_bool 0 z then 1 else 0.

Lemma phi_at_zero : phi 0 = 1.
Proof. reflexivity. Qed.

Lemma Qle_bool_compat : forall a a' b b', a == a' -> b == b' -> Qle_bool a b = Qle_bool a' b'.
Proof.
  intros a a' b b' Ha Hb.
  destruct (Qle_bool a b) eqn:F, (Qle_bool a' b') eqn:E; try reflexivity; exfalso.
  - apply Qle_bool_iff in F; rewrite Ha, Hb in F; apply Qle_bool_iff in F; congruence.
  - apply Qle_bool_iff in E; rewrite <- Ha, <- Hb in E; apply Qle_bool_iff in E; congruence.
Qed.

(** 0 ≤ c·z ⟺ 0 ≤ z and c·z ≤ 0 ⟺ z ≤ 0, for c > 0. *)
Lemma Qle_bool_0_scale : forall c z, 0 < c -> Qle_bool 0 (c * z) = Qle_bool 0 z.
Proof.
  intros c z Hc; destruct (Qle_bool 0 z) eqn:E.
  - apply Qle_bool_iff in E; apply Qle_bool_iff; nra.
  - destruct (Qle_bool 0 (c * z)) eqn:F; [| reflexivity].
    apply Qle_bool_iff in F; exfalso.
    assert (H : 0 <= z) by nra; apply Qle_bool_iff in H; congruence.
Qed.

Lemma Qle_bool_scale_0 : forall c z, 0 < c -> Qle_bool (c * z) 0 = Qle_bool z 0.
Proof.
  intros c z Hc; destruct (Qle_bool z 0) eqn:E.
  - apply Qle_bool_iff in E; apply Qle_bool_iff; nra.
  - destruct (Qle_bool (c * z) 0) eqn:F; [| reflexivity].
    apply Qle_bool_iff in F; exfalso.
    assert (H : z <= 0) by nra; apply Qle_bool_iff in H; congruence.
Qed.

Lemma phi_compat : forall z z', z == z' -> phi z = phi z'.
Proof.
  intros z z' H; unfold phi; rewrite (Qle_bool_compat 0 0 z z' (Qeq_refl 0) H); reflexivity.
Qed.

Lemma unit_step_compat : forall z z', z == z' -> unit_step z = unit_step z'.
Proof.
  intros z z' H; unfold unit_step; rewrite (Qle_bool_compat 0 0 z z' (Qeq_refl 0) H); reflexivity.
Qed.

#[global] Instance phi_proper : Proper (Qeq ==> Qeq) phi.
Proof. intros z z' H; rewrite (phi_compat z z' H); reflexivity. Qed.

#[global] Instance unit_step_proper : Proper (Qeq ==> Qeq) unit_step.
Proof. intros z z' H; rewrite (unit_step_compat z z' H); reflexivity. Qed.

(** The key lemma: φ(c·z) = φ(z) for c > 0. *)
Theorem phi_scale : forall c z, 0 < c -> phi (c * z) = phi z.
Proof. intros; unfold phi; rewrite Qle_bool_0_scale; trivial. Qed.

Lemma unit_step_scale : forall c z, 0 < c -> unit_step (c * z) = unit_step z.
Proof. intros; unfold unit_step; rewrite Qle_bool_0_scale; trivial. Qed.

(** φ(c·w·x) = φ(w·x): the decision sees only the sign of the net input. *)
Lemma phi_dot_scale : forall c w x, 0 < c -> phi (dot (scale c w) x) = phi (dot w x).
Proof. intros; rewrite (phi_compat _ _ (dot_scale_l c w x)); apply phi_scale; assumption. Qed.

Lemma unit_step_dot_scale : forall c w x, 0 < c ->
  unit_step (dot (scale c w) x) = unit_step (dot w x).
Proof.
  intros; rewrite (unit_step_compat _ _ (dot_scale_l c w x)); apply unit_step_scale; assumption.
Qed.

(** An update of the form (c·η·a)·x is c times (η·a)·x. *)
Lemma scale_rate : forall c eta a x, veq (scale (c * eta * a) x) (scale c (scale (eta * a) x)).
Proof. intros; rewrite scale_scale; apply scale_proper; [ring | reflexivity]. Qed.

(** ** The rules *)

Definition rosenblatt : rule := {|
  decision w x := phi (dot w x);
  update w x y eta := scale (eta * (y - phi (dot w x))) x
|}.

Definition zero_one : rule := {|
  decision w x := unit_step (dot w x);
  update w x y eta := scale (eta * (y - unit_step (dot w x))) x
|}.

Definition mistake_driven : rule := {|
  decision w x := phi (dot w x);
  update w x y eta := if Qle_bool (y * dot w x) 0 then scale (eta * y) x else zeros (length x)
|}.

(** Adaline: the same decision as Rosenblatt, but the update uses the size of w·x. *)
Definition adaline : rule := {|
  decision w x := phi (dot w x);
  update w x y eta := scale (eta * (y - dot w x)) x
|}.

(** ** Rosenblatt *)

Theorem rosenblatt_respects : respects_veq rosenblatt.
Proof.
  split; simpl.
  - intros w w' x Hw; rewrite Hw; reflexivity.
  - intros w w' x y eta eta' Hw Heta; rewrite Hw, Heta; reflexivity.
Qed.

(** (a) Both conditions. *)
Theorem rosenblatt_homogeneous :
  decision_homogeneous rosenblatt /\ update_homogeneous rosenblatt.
Proof.
  split; intros c w x; simpl.
  - intros Hc; rewrite phi_dot_scale by exact Hc; reflexivity.
  - intros y eta Hc; rewrite phi_dot_scale by exact Hc.
    apply scale_rate.
Qed.

(** (b) From zero, every eta > 0 predicts the same, and w(eta1)·eta2 = w(eta2)·eta1. *)
Theorem rosenblatt_zero_init : forall d data E eta1 eta2, 0 < eta1 -> 0 < eta2 ->
  veq (predictions rosenblatt eta1 (zeros d) data E)
      (predictions rosenblatt eta2 (zeros d) data E) /\
  veq (scale eta2 (final_weights rosenblatt eta1 (zeros d) data E))
      (scale eta1 (final_weights rosenblatt eta2 (zeros d) data E)).
Proof.
  intros; apply zero_init_invariance;
    [exact rosenblatt_respects | apply rosenblatt_homogeneous | apply rosenblatt_homogeneous
    | assumption | assumption].
Qed.

(** The bias is data: the same with a constant-1 feature appended to every x. *)
Corollary rosenblatt_zero_init_with_bias : forall d data E eta1 eta2, 0 < eta1 -> 0 < eta2 ->
  veq (predictions rosenblatt eta1 (zeros (S d)) (with_bias data) E)
      (predictions rosenblatt eta2 (zeros (S d)) (with_bias data) E) /\
  veq (scale eta2 (final_weights rosenblatt eta1 (zeros (S d)) (with_bias data) E))
      (scale eta1 (final_weights rosenblatt eta2 (zeros (S d)) (with_bias data) E)).
Proof. intros; apply rosenblatt_zero_init; assumption. Qed.

(** (b') After every step k: w⁽ᵏ⁾(eta) = eta·w⁽ᵏ⁾(1), and ŷ⁽¹⁾ … ŷ⁽ᵏ⁾ are those of rate 1. *)
Theorem rosenblatt_zero_init_every_step : forall d data E k eta, 0 < eta ->
  veq (weights_after rosenblatt eta (zeros d) data E k)
      (scale eta (weights_after rosenblatt 1 (zeros d) data E k)) /\
  veq (predictions_upto rosenblatt eta (zeros d) data E k)
      (predictions_upto rosenblatt 1 (zeros d) data E k).
Proof.
  intros; apply zero_init_every_step;
    [exact rosenblatt_respects | apply rosenblatt_homogeneous
    | apply rosenblatt_homogeneous | assumption].
Qed.

(** (c) The scaling law. *)
Theorem rosenblatt_scaling_law : forall eta w0 data E, 0 < eta ->
  veq (final_weights rosenblatt eta w0 data E)
      (scale eta (final_weights rosenblatt 1 (scale (/ eta) w0) data E)) /\
  veq (predictions rosenblatt eta w0 data E)
      (predictions rosenblatt 1 (scale (/ eta) w0) data E).
Proof.
  intros; apply scaling_law;
    [exact rosenblatt_respects | apply rosenblatt_homogeneous | apply rosenblatt_homogeneous
    | assumption].
Qed.

(** ** Zero-one *)

Theorem zero_one_respects : respects_veq zero_one.
Proof.
  split; simpl.
  - intros w w' x Hw; rewrite Hw; reflexivity.
  - intros w w' x y eta eta' Hw Heta; rewrite Hw, Heta; reflexivity.
Qed.

Theorem zero_one_homogeneous :
  decision_homogeneous zero_one /\ update_homogeneous zero_one.
Proof.
  split; intros c w x; simpl.
  - intros Hc; rewrite unit_step_dot_scale by exact Hc; reflexivity.
  - intros y eta Hc; rewrite unit_step_dot_scale by exact Hc.
    apply scale_rate.
Qed.

Theorem zero_one_zero_init : forall d data E eta1 eta2, 0 < eta1 -> 0 < eta2 ->
  veq (predictions zero_one eta1 (zeros d) data E)
      (predictions zero_one eta2 (zeros d) data E) /\
  veq (scale eta2 (final_weights zero_one eta1 (zeros d) data E))
      (scale eta1 (final_weights zero_one eta2 (zeros d) data E)).
Proof.
  intros; apply zero_init_invariance;
    [exact zero_one_respects | apply zero_one_homogeneous | apply zero_one_homogeneous
    | assumption | assumption].
Qed.

(** After every step k: w⁽ᵏ⁾(eta) = eta·w⁽ᵏ⁾(1), and ŷ⁽¹⁾ … ŷ⁽ᵏ⁾ are those of rate 1. *)
Theorem zero_one_zero_init_every_step : forall d data E k eta, 0 < eta ->
  veq (weights_after zero_one eta (zeros d) data E k)
      (scale eta (weights_after zero_one 1 (zeros d) data E k)) /\
  veq (predictions_upto zero_one eta (zeros d) data E k)
      (predictions_upto zero_one 1 (zeros d) data E k).
Proof.
  intros; apply zero_init_every_step;
    [exact zero_one_respects | apply zero_one_homogeneous
    | apply zero_one_homogeneous | assumption].
Qed.

Theorem zero_one_scaling_law : forall eta w0 data E, 0 < eta ->
  veq (final_weights zero_one eta w0 data E)
      (scale eta (final_weights zero_one 1 (scale (/ eta) w0) data E)) /\
  veq (predictions zero_one eta w0 data E)
      (predictions zero_one 1 (scale (/ eta) w0) data E).
Proof.
  intros; apply scaling_law;
    [exact zero_one_respects | apply zero_one_homogeneous | apply zero_one_homogeneous
    | assumption].
Qed.

(** ** Mistake-driven *)

Lemma mistake_compat : forall c y w x, 0 < c ->
  Qle_bool (y * dot (scale c w) x) 0 = Qle_bool (y * dot w x) 0.
Proof.
  intros c y w x Hc.
  rewrite (Qle_bool_compat _ (c * (y * dot w x)) 0 0); [apply Qle_bool_scale_0, Hc | | reflexivity].
  rewrite dot_scale_l; ring.
Qed.

Theorem mistake_driven_respects : respects_veq mistake_driven.
Proof.
  split; simpl.
  - intros w w' x Hw; rewrite Hw; reflexivity.
  - intros w w' x y eta eta' Hw Heta.
    rewrite (Qle_bool_compat (y * dot w x) (y * dot w' x) 0 0) by (rewrite ?Hw; reflexivity).
    destruct (Qle_bool (y * dot w' x) 0); [rewrite Heta |]; reflexivity.
Qed.

Theorem mistake_driven_homogeneous :
  decision_homogeneous mistake_driven /\ update_homogeneous mistake_driven.
Proof.
  split; intros c w x; simpl.
  - intros Hc; rewrite phi_dot_scale by exact Hc; reflexivity.
  - intros y eta Hc; rewrite mistake_compat by exact Hc.
    destruct (Qle_bool (y * dot w x) 0).
    + rewrite scale_scale; apply scale_proper; [ring | reflexivity].
    + symmetry; apply scale_zeros.
Qed.

Theorem mistake_driven_zero_init : forall d data E eta1 eta2, 0 < eta1 -> 0 < eta2 ->
  veq (predictions mistake_driven eta1 (zeros d) data E)
      (predictions mistake_driven eta2 (zeros d) data E) /\
  veq (scale eta2 (final_weights mistake_driven eta1 (zeros d) data E))
      (scale eta1 (final_weights mistake_driven eta2 (zeros d) data E)).
Proof.
  intros; apply zero_init_invariance;
    [exact mistake_driven_respects | apply mistake_driven_homogeneous
    | apply mistake_driven_homogeneous | assumption | assumption].
Qed.

(** After every step k: w⁽ᵏ⁾(eta) = eta·w⁽ᵏ⁾(1), and ŷ⁽¹⁾ … ŷ⁽ᵏ⁾ are those of rate 1. *)
Theorem mistake_driven_zero_init_every_step : forall d data E k eta, 0 < eta ->
  veq (weights_after mistake_driven eta (zeros d) data E k)
      (scale eta (weights_after mistake_driven 1 (zeros d) data E k)) /\
  veq (predictions_upto mistake_driven eta (zeros d) data E k)
      (predictions_upto mistake_driven 1 (zeros d) data E k).
Proof.
  intros; apply zero_init_every_step;
    [exact mistake_driven_respects | apply mistake_driven_homogeneous
    | apply mistake_driven_homogeneous | assumption].
Qed.

Theorem mistake_driven_scaling_law : forall eta w0 data E, 0 < eta ->
  veq (final_weights mistake_driven eta w0 data E)
      (scale eta (final_weights mistake_driven 1 (scale (/ eta) w0) data E)) /\
  veq (predictions mistake_driven eta w0 data E)
      (predictions mistake_driven 1 (scale (/ eta) w0) data E).
Proof.
  intros; apply scaling_law;
    [exact mistake_driven_respects | apply mistake_driven_homogeneous
    | apply mistake_driven_homogeneous | assumption].
Qed.
