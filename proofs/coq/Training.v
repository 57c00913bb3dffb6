(** * Online training with any rule, and the general theorem

    A rule is a pair: [decision w x] is the prediction ŷ for input x under
    weights w, and [update w x y eta] is the change Δw after seeing the sample
    (x, y) at rate eta.  One step is ŷ = decision w x, w ← w + update w x y eta.
    One epoch is one pass over the samples in order; E epochs repeat it.

    The general theorem ([scaled_training]): if the decision does not see a
    positive factor on w, and the update scales with w and eta together, then
    training from c·w at rate c·eta is c times training from w at rate eta, and
    the predictions are the same, for every dataset and number of epochs.  The same holds
    after every step k ([scaled_every_step]), for a rate scaled by cᵃ ([scaling_symmetry]),
    and from zero initial weights gives w⁽ᵏ⁾(eta) = eta·w⁽ᵏ⁾(1) with the same predictions
    after every step ([zero_init_every_step]) and at the end ([zero_init_invariance]). *)

From Coq Require Import QArith List Setoid Morphisms.
From Etaproof Require Import Vectors.
Import ListNotations.
Open Scope Q_scope.

Record rule := Rule {
  decision : vec -> vec -> Q;           (** ŷ = decision w x *)
  update : vec -> vec -> Q -> Q -> vec  (** Δw = update w x y eta *)
}.

(** A sample (x, y). *)
Definition sample := (vec * Q)%type.

(** Training over the samples in order from weights w: the final weights and
    the sequence of predictions ŷ⁽¹⁾, ŷ⁽²⁾, … (each made before its update). *)
Fixpoint run (r : rule) (eta : Q) (w : vec) (data : list sample) : vec * list Q :=
  match data with
  | [] => (w, [])
  | (x, y) :: rest =>
      let (w_end, predicted) := run r eta (vadd w (update r w x y eta)) rest in
      (w_end, decision r w x :: predicted)
  end.

(** E epochs: the samples E times over, in order. *)
Fixpoint epochs (E : nat) (data : list sample) : list sample :=
  match E with
  | O => []
  | S E' => data ++ epochs E' data
  end.

Definition train r eta w0 data E := run r eta w0 (epochs E data).
Definition final_weights r eta w0 data E := fst (train r eta w0 data E).
Definition predictions r eta w0 data E := snd (train r eta w0 data E).

(** The weights after the first k steps of E epochs, and the predictions of those k steps
    (ŷ⁽¹⁾, …, ŷ⁽ᵏ⁾, each made before its update). *)
Definition weights_after r eta w0 data E k := fst (run r eta w0 (firstn k (epochs E data))).
Definition predictions_upto r eta w0 data E k := snd (run r eta w0 (firstn k (epochs E data))).

(** The bias as data: a constant-1 feature appended last to every input. *)
Definition with_bias (data : list sample) : list sample :=
  map (fun s => (fst s ++ [1], snd s)) data.

(** ** The two conditions *)

(** The decision does not see a positive factor on the weights. *)
Definition decision_homogeneous (r : rule) : Prop :=
  forall c w x, 0 < c -> decision r (scale c w) x == decision r w x.

(** The update scales with the weights and the rate together. *)
Definition update_homogeneous (r : rule) : Prop :=
  forall c w x y eta, 0 < c ->
    veq (update r (scale c w) x y (c * eta)) (scale c (update r w x y eta)).

(** The same with the rate scaled by cᵃ: the scaling symmetry of exponent a
    ((η, w) ~ (cᵃ·η, c·w)).  a = 1 is [update_homogeneous]; a = 2 is a gradient step on a
    loss that is scale-invariant in w. *)
Definition update_homogeneous_with (a : Z) (r : rule) : Prop :=
  forall c w x y eta, 0 < c ->
    veq (update r (scale c w) x y (c ^ a * eta)) (scale c (update r w x y eta)).

Lemma update_homogeneous_with_1 : forall r,
  update_homogeneous_with 1 r <-> update_homogeneous r.
Proof. intros r; split; intros H c w x y eta Hc; exact (H c w x y eta Hc). Qed.

(** Well-formedness: the rule is a function of the rational numbers, not of
    their representation (it gives equal results on [veq] weights and [Qeq]
    rates).  Every rule built from [dot], [scale], [Qle_bool] has it; a rule
    looking at [Qnum] could break it, and the theorem with it. *)
Definition respects_veq (r : rule) : Prop :=
  (forall w w' x, veq w w' -> decision r w x == decision r w' x) /\
  (forall w w' x y eta eta', veq w w' -> eta == eta' ->
     veq (update r w x y eta) (update r w' x y eta')).

(** ** Training respects [veq] *)

Lemma run_proper : forall r, respects_veq r ->
  forall data eta eta' w w', eta == eta' -> veq w w' ->
    veq (fst (run r eta w data)) (fst (run r eta' w' data)) /\
    veq (snd (run r eta w data)) (snd (run r eta' w' data)).
Proof.
  intros r [Hdecision Hupdate] data eta eta' w w' Heta; revert w w'.
  induction data as [| [x y] rest IH]; intros w w' Hw; simpl.
  - split; [exact Hw | constructor].
  - assert (Hnext : veq (vadd w (update r w x y eta)) (vadd w' (update r w' x y eta'))).
    { apply vadd_proper; [exact Hw | apply Hupdate; assumption]. }
    destruct (IH _ _ Hnext) as [Hend Hpredicted].
    destruct (run r eta (vadd w (update r w x y eta)) rest) as [e p].
    destruct (run r eta' (vadd w' (update r w' x y eta')) rest) as [e' p'].
    simpl in *; split; [exact Hend | constructor; [apply Hdecision, Hw | exact Hpredicted]].
Qed.

(** ** The general theorem *)

(** The induction, for any list of samples, at any two rates eta' and eta such that one
    update from c·w at rate eta' is c times the update from w at rate eta: from weights W
    equal to c·w. *)
Lemma run_scaled_rates : forall r,
  respects_veq r -> decision_homogeneous r ->
  forall c eta' eta, 0 < c ->
  (forall w x y, veq (update r (scale c w) x y eta') (scale c (update r w x y eta))) ->
  forall data W w, veq W (scale c w) ->
    veq (fst (run r eta' W data)) (scale c (fst (run r eta w data))) /\
    veq (snd (run r eta' W data)) (snd (run r eta w data)).
Proof.
  intros r [Hdecision Hupdate] Hd c eta' eta Hc Hu data.
  induction data as [| [x y] rest IH]; intros W w HW; simpl.
  - split; [exact HW | constructor].
  - (* the step: W + Δw(W, eta') = c·(w + Δw(w, eta)) *)
    assert (Hnext : veq (vadd W (update r W x y eta'))
                        (scale c (vadd w (update r w x y eta)))).
    { rewrite scale_vadd; apply vadd_proper; [exact HW |].
      rewrite (Hupdate W (scale c w) x y eta' eta' HW (Qeq_refl _)).
      apply Hu. }
    destruct (IH _ _ Hnext) as [Hend Hpredicted].
    destruct (run r eta' (vadd W (update r W x y eta')) rest) as [e p].
    destruct (run r eta (vadd w (update r w x y eta)) rest) as [e' p'].
    simpl in *; split; [exact Hend | constructor; [| exact Hpredicted]].
    (* the prediction: decision(W) = decision(c·w) = decision(w) *)
    rewrite (Hdecision W (scale c w) x HW); apply Hd; exact Hc.
Qed.

(** The induction with the rate scaled by c: from weights W equal to c·w. *)
Lemma run_scaled : forall r,
  respects_veq r -> decision_homogeneous r -> update_homogeneous r ->
  forall c eta, 0 < c -> forall data W w, veq W (scale c w) ->
    veq (fst (run r (c * eta) W data)) (scale c (fst (run r eta w data))) /\
    veq (snd (run r (c * eta) W data)) (snd (run r eta w data)).
Proof.
  intros r Hr Hd Hu c eta Hc.
  apply run_scaled_rates; try assumption.
  intros w x y; apply Hu; exact Hc.
Qed.

(** Training from c·w0 at rate c·eta is c times training from w0 at rate eta,
    with the same predictions, for every dataset and number of epochs. *)
Theorem scaled_training : forall r,
  respects_veq r -> decision_homogeneous r -> update_homogeneous r ->
  forall c eta w0 data E, 0 < c ->
    veq (final_weights r (c * eta) (scale c w0) data E)
        (scale c (final_weights r eta w0 data E)) /\
    veq (predictions r (c * eta) (scale c w0) data E) (predictions r eta w0 data E).
Proof.
  intros r Hr Hd Hu c eta w0 data E Hc.
  apply run_scaled; try assumption; reflexivity.
Qed.

(** The same after every number k of steps, not only at the end. *)
Theorem scaled_every_step : forall r,
  respects_veq r -> decision_homogeneous r -> update_homogeneous r ->
  forall c eta w0 data E k, 0 < c ->
    veq (weights_after r (c * eta) (scale c w0) data E k)
        (scale c (weights_after r eta w0 data E k)).
Proof.
  intros r Hr Hd Hu c eta w0 data E k Hc.
  apply run_scaled; try assumption; reflexivity.
Qed.

(** The scaling symmetry of exponent a: training from c·w0 at rate cᵃ·eta is c times training
    from w0 at rate eta, with the same predictions, after every number k of steps (so also at
    the end).  Predictions depend on (eta, w0) only through w0/eta^(1/a). *)
Theorem scaling_symmetry : forall a r,
  respects_veq r -> decision_homogeneous r -> update_homogeneous_with a r ->
  forall c eta w0 data E k, 0 < c ->
    veq (weights_after r (c ^ a * eta) (scale c w0) data E k)
        (scale c (weights_after r eta w0 data E k)) /\
    veq (predictions_upto r (c ^ a * eta) (scale c w0) data E k)
        (predictions_upto r eta w0 data E k).
Proof.
  intros a r Hr Hd Hu c eta w0 data E k Hc.
  apply run_scaled_rates; try assumption; [| reflexivity].
  intros w x y; apply Hu; exact Hc.
Qed.

(** ** Consequences: zero initial weights, and the scaling law *)

(** Training respects [veq] weights and [Qeq] rates. *)
Lemma train_proper : forall r, respects_veq r ->
  forall eta eta' w w' data E, eta == eta' -> veq w w' ->
    veq (final_weights r eta w data E) (final_weights r eta' w' data E) /\
    veq (predictions r eta w data E) (predictions r eta' w' data E).
Proof. intros; apply run_proper; assumption. Qed.

(** From w0 = 0, rate eta trains like eta times rate 1. *)
Lemma zero_init_scaled : forall r,
  respects_veq r -> decision_homogeneous r -> update_homogeneous r ->
  forall d data E eta, 0 < eta ->
    veq (final_weights r eta (zeros d) data E)
        (scale eta (final_weights r 1 (zeros d) data E)) /\
    veq (predictions r eta (zeros d) data E) (predictions r 1 (zeros d) data E).
Proof.
  intros r Hr Hd Hu d data E eta Heta.
  destruct (scaled_training r Hr Hd Hu eta 1 (zeros d) data E Heta) as [Hw Hp].
  destruct (train_proper r Hr eta (eta * 1) (zeros d) (scale eta (zeros d)) data E)
    as [Hw' Hp']; [ring | symmetry; apply scale_zeros |].
  split; etransitivity; eassumption.
Qed.

(** From w0 = 0, after every step k: w⁽ᵏ⁾(eta) = eta·w⁽ᵏ⁾(1), and the predictions
    ŷ⁽¹⁾, …, ŷ⁽ᵏ⁾ are those of rate 1 (so the same for every eta > 0). *)
Theorem zero_init_every_step : forall r,
  respects_veq r -> decision_homogeneous r -> update_homogeneous r ->
  forall d data E k eta, 0 < eta ->
    veq (weights_after r eta (zeros d) data E k)
        (scale eta (weights_after r 1 (zeros d) data E k)) /\
    veq (predictions_upto r eta (zeros d) data E k) (predictions_upto r 1 (zeros d) data E k).
Proof.
  intros r Hr Hd Hu d data E k eta Heta.
  destruct (run_scaled r Hr Hd Hu eta 1 Heta (firstn k (epochs E data)) (zeros d) (zeros d))
    as [Hw Hp]; [symmetry; apply scale_zeros |].
  destruct (run_proper r Hr (firstn k (epochs E data)) eta (eta * 1) (zeros d) (zeros d))
    as [Hw' Hp']; [ring | reflexivity |].
  unfold weights_after, predictions_upto; split; etransitivity; eassumption.
Qed.

(** The zero-init theorem: for all eta1, eta2 > 0 the predictions are the same
    and w(eta1)·eta2 = w(eta2)·eta1 (the direction of w does not depend on eta). *)
Theorem zero_init_invariance : forall r,
  respects_veq r -> decision_homogeneous r -> update_homogeneous r ->
  forall d data E eta1 eta2, 0 < eta1 -> 0 < eta2 ->
    veq (predictions r eta1 (zeros d) data E) (predictions r eta2 (zeros d) data E) /\
    veq (scale eta2 (final_weights r eta1 (zeros d) data E))
        (scale eta1 (final_weights r eta2 (zeros d) data E)).
Proof.
  intros r Hr Hd Hu d data E eta1 eta2 H1 H2.
  destruct (zero_init_scaled r Hr Hd Hu d data E eta1 H1) as [Hw1 Hp1].
  destruct (zero_init_scaled r Hr Hd Hu d data E eta2 H2) as [Hw2 Hp2].
  split.
  - rewrite Hp1, Hp2; reflexivity.
  - rewrite Hw1, Hw2, !scale_scale.
    apply scale_proper; [ring | reflexivity].
Qed.

(** The scaling law: (eta, w0) trains exactly like (1, w0/eta), scaled by eta. *)
Theorem scaling_law : forall r,
  respects_veq r -> decision_homogeneous r -> update_homogeneous r ->
  forall eta w0 data E, 0 < eta ->
    veq (final_weights r eta w0 data E)
        (scale eta (final_weights r 1 (scale (/ eta) w0) data E)) /\
    veq (predictions r eta w0 data E) (predictions r 1 (scale (/ eta) w0) data E).
Proof.
  intros r Hr Hd Hu eta w0 data E Heta.
  assert (Hnz : ~ eta == 0) by (intro H; rewrite H in Heta; discriminate).
  destruct (scaled_training r Hr Hd Hu eta 1 (scale (/ eta) w0) data E Heta) as [Hw Hp].
  destruct (train_proper r Hr eta (eta * 1) w0 (scale eta (scale (/ eta) w0)) data E)
    as [Hw' Hp']; [ring | symmetry; apply scale_inv, Hnz |].
  split; etransitivity; eassumption.
Qed.
