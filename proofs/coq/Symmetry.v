(** * Equal units stay equal, in a network of any depth; one neuron per layer over ℚ

    Answers 2 and 3 of the question: hidden units that start equal stay equal, so a layer of
    equal units is "like having only one neuron in every layer".  etaproof's Python proof
    ([symbolic/theorems/deep_symmetry.py]) shows with SymPy that a gradient step commutes
    with permuting the units of a layer, and that the equal state then computes what a
    width-1 network computes with rescaled weights and rates.  Here the kernel checks:

    (1) the pattern ([fixed_stay_fixed]): a step that commutes with a group action keeps
        the action's fixed points fixed, after every number of steps;

    (2) [equal_units_stay_equal]: a network of any depth is a list of layers, each a list
        of units (a unit is its parameters, of any type U).  The step is assumed to treat
        the units of a layer alike: the new unit is [f ℓ θ u], one function [f ℓ] of the
        layer ℓ applied to each unit u, with the whole network θ (and the sample) as shared
        context.  This is the combinatorial half only: that gradient descent is such a step
        (when a unit is its incoming row, its bias and its outgoing column) is what the
        Python proof checks with SymPy; nothing here models a gradient.  Units
        that start equal in every layer are then equal after every step, for every sequence
        of such steps (any data, rates, epochs).  "Equal" is any relation the update
        respects: [=] for any U ([equal_units_stay_identical]), [veq] for units of ℚ;

    (3) the one-neuron correspondence over ℚ, with the values σ′(z) abstract (any numbers):
        in the equal state, a layer's pre-activation is the width-1 network's with inner
        weight n·a ([one_neuron_forward], any depth), a width-1 signal is m times a wide
        unit's ([one_neuron_backward], any depth), and one gradient step maps to one
        width-1 step at the rates η/m (biases, first-layer rows) and η·n/m (inner weights)
        ([one_neuron_inner_step], [one_neuron_first_step]).  Here n is the width of the
        layer below and m the layer's own; the output is a layer of width 1. *)

From Coq Require Import QArith List Setoid Morphisms Lia.
From Etaproof Require Import Vectors.
Import ListNotations.
Open Scope Q_scope.

(** ** (1) The pattern: an equivariant step keeps fixed points fixed *)

Definition fixed {G S : Type} (act : G -> S -> S) (s : S) : Prop := forall g, act g s = s.

Theorem fixed_stay_fixed : forall (G S : Type) (act : G -> S -> S) (step : S -> S),
  (forall g s, step (act g s) = act g (step s)) ->
  forall n s, fixed act s -> fixed act (Nat.iter n step s).
Proof.
  intros G S act step Hcommutes n s Hs; induction n as [| n IH]; intros g; simpl.
  - apply Hs.
  - rewrite <- Hcommutes, IH; reflexivity.
Qed.

(** ** (2) Equal units stay equal *)

(** A network: its layers, each the list of its units. *)
Definition network (U : Type) := list (list U).

(** One step that treats the units of each layer by one function: unit u of layer ℓ
    becomes [f ℓ theta u], where theta is the network before the step. *)
Fixpoint unitwise_from {U : Type} (f : nat -> network U -> U -> U) (theta : network U)
    (l : nat) (layers : network U) : network U :=
  match layers with
  | [] => []
  | layer :: above => map (f l theta) layer :: unitwise_from f theta (S l) above
  end.

Definition unitwise_step {U : Type} (f : nat -> network U -> U -> U) (theta : network U) :=
  unitwise_from f theta 0 theta.

(** Training: one such step per sample, in order (each f holds its sample and rate). *)
Fixpoint train_units {U : Type} (steps : list (nat -> network U -> U -> U))
    (theta : network U) : network U :=
  match steps with
  | [] => theta
  | f :: rest => train_units rest (unitwise_step f theta)
  end.

(** Every two units of a layer are related; and so in every layer. *)
Definition units_related {U : Type} (R : U -> U -> Prop) (layer : list U) : Prop :=
  forall a b, In a layer -> In b layer -> R a b.

Definition equal_units {U : Type} (R : U -> U -> Prop) (theta : network U) : Prop :=
  Forall (units_related R) theta.

Lemma unitwise_from_related : forall U (R : U -> U -> Prop) f theta,
  (forall l a b, R a b -> R (f l theta a) (f l theta b)) ->
  forall layers l, equal_units R layers -> equal_units R (unitwise_from f theta l layers).
Proof.
  intros U R f theta Hf layers; induction layers as [| layer above IH]; intros l Hequal;
    simpl; constructor; inversion Hequal as [| ? ? Hlayer Habove]; subst.
  - intros a' b' Ha Hb; apply in_map_iff in Ha as [a [<- Ha]]; apply in_map_iff in Hb as [b [<- Hb]].
    apply Hf, Hlayer; assumption.
  - apply IH; exact Habove.
Qed.

(** Units that start equal in every layer are equal after every step. *)
Theorem equal_units_stay_equal : forall U (R : U -> U -> Prop) steps,
  Forall (fun f => forall l theta a b, R a b -> R (f l theta a) (f l theta b)) steps ->
  forall theta, equal_units R theta -> equal_units R (train_units steps theta).
Proof.
  intros U R steps Hsteps; induction Hsteps as [| f rest Hf Hrest IH]; intros theta Htheta;
    simpl; [exact Htheta |].
  apply IH, unitwise_from_related; [intros; apply Hf; assumption | exact Htheta].
Qed.

(** With units equal as values (any U, any steps of the form above). *)
Corollary equal_units_stay_identical : forall U (steps : list (nat -> network U -> U -> U)) theta,
  equal_units eq theta -> equal_units eq (train_units steps theta).
Proof.
  intros U steps theta Htheta; apply equal_units_stay_equal; [| exact Htheta].
  apply Forall_forall; intros f _ l theta' a b ->; reflexivity.
Qed.

(** ** (3) One neuron per layer, over ℚ *)

(** A width as a rational, and a sum over equal units. *)
Definition nq (n : nat) : Q := inject_Z (Z.of_nat n).

Definition qsum (l : list Q) : Q := fold_right Qplus 0 l.

Lemma qsum_repeat : forall q n, qsum (repeat q n) == nq n * q.
Proof.
  intros q n; induction n as [| n IH]; unfold nq in *; simpl; [ring |].
  rewrite IH, Zpos_P_of_succ_nat, <- Z.add_1_r, inject_Z_plus; ring.
Qed.

Lemma nq_nonzero : forall n, (0 < n)%nat -> ~ nq n == 0.
Proof. intros n Hn H; unfold nq, Qeq in H; simpl in H; lia. Qed.

(** A layer above the first, in the equal state of the wide network: the width of the
    layer below, the weight of every connection from it, the bias of every unit. *)
Record layer := Layer { below : nat; weight : Q; bias : Q }.

(** Its image in the width-1 network: the one weight n·a (n units below), the bias. *)
Definition narrow (L : layer) : Q * Q := (nq (below L) * weight L, bias L).

(** Forward from the common output h of the layer under the list: each layer's z. *)
Fixpoint wide_forward (sigma : Q -> Q) (h : Q) (layers : list layer) : list Q :=
  match layers with
  | [] => []
  | L :: above =>
      let z := qsum (repeat (weight L * h) (below L)) + bias L in
      z :: wide_forward sigma (sigma z) above
  end.

Fixpoint narrow_forward (sigma : Q -> Q) (h : Q) (layers : list (Q * Q)) : list Q :=
  match layers with
  | [] => []
  | (A, B) :: above => let z := A * h + B in z :: narrow_forward sigma (sigma z) above
  end.

Lemma narrow_forward_proper : forall sigma, Proper (Qeq ==> Qeq) sigma ->
  forall layers h h', h == h' -> veq (narrow_forward sigma h layers) (narrow_forward sigma h' layers).
Proof.
  intros sigma Hsigma layers; induction layers as [| [A B] above IH]; intros h h' Hh; simpl;
    constructor.
  - rewrite Hh; reflexivity.
  - apply IH; rewrite Hh; reflexivity.
Qed.

(** Every layer computes the same z in both networks (the last is ŷ), any depth and any σ. *)
Theorem one_neuron_forward : forall sigma, Proper (Qeq ==> Qeq) sigma ->
  forall layers h, veq (wide_forward sigma h layers) (narrow_forward sigma h (map narrow layers)).
Proof.
  intros sigma Hsigma layers; induction layers as [| L above IH]; intros h; simpl;
    constructor.
  - rewrite qsum_repeat; ring.
  - rewrite (IH (sigma (qsum (repeat (weight L * h) (below L)) + bias L))).
    apply narrow_forward_proper; [exact Hsigma |].
    apply Hsigma; rewrite qsum_repeat; ring.
Qed.

(** Backward, with the values σ′(z) abstract.  The signal of a unit is read from the chain
    of layers above it, nearest first: for each, the value g = σ′(z) at the layer below it,
    the width m of that layer, and the weight a′ of every connection into it.  The top of
    the chain is the output unit (width 1), whose signal is dout = ∂L/∂ŷ in both networks
    (they compute the same ŷ).  Wide: δ = g·Σ over the p units above of a′·δ′.  Width 1:
    Δ = g·(m·a′)·Δ′, with the width-1 weight m·a′. *)
Definition width_above (chain : list (Q * nat * Q)) : nat :=
  match chain with
  | [] => 1%nat
  | (_, m, _) :: _ => m
  end.

Fixpoint wide_signal (dout : Q) (chain : list (Q * nat * Q)) : Q :=
  match chain with
  | [] => dout
  | (g, _, a') :: above => g * qsum (repeat (a' * wide_signal dout above) (width_above above))
  end.

Fixpoint narrow_signal (dout : Q) (chain : list (Q * nat * Q)) : Q :=
  match chain with
  | [] => dout
  | (g, m, a') :: above => g * (nq m * a') * narrow_signal dout above
  end.

(** A width-1 signal is m times a wide unit's (m the width of its layer), any depth. *)
Theorem one_neuron_backward : forall dout chain,
  narrow_signal dout chain == nq (width_above chain) * wide_signal dout chain.
Proof.
  intros dout chain; induction chain as [| [[g m] a'] above IH]; simpl.
  - unfold nq; simpl; ring.
  - rewrite IH, qsum_repeat; ring.
Qed.

(** The update maps.  A wide unit of a layer above the first, with n units below it (each
    outputting s) and signal delta, moves its weights a and its bias b at rate eta; the
    width-1 unit moves its weight A = n·a at rate eta·n/m and its bias at rate eta/m, with
    its signal m·delta.  The step maps to the step: narrow(step(a, b)) = step(narrow(a, b)). *)
Definition wide_step (eta delta s : Q) (L : layer) : layer :=
  Layer (below L) (weight L - eta * delta * s) (bias L - eta * delta).

Definition narrow_step (eta_weight eta_bias Delta s : Q) (AB : Q * Q) : Q * Q :=
  (fst AB - eta_weight * Delta * s, snd AB - eta_bias * Delta).

Theorem one_neuron_inner_step : forall m eta delta s L, (0 < m)%nat ->
  let stepped := narrow_step (eta * nq (below L) / nq m) (eta / nq m) (nq m * delta) s (narrow L)
  in fst stepped == fst (narrow (wide_step eta delta s L)) /\
     snd stepped == snd (narrow (wide_step eta delta s L)).
Proof.
  intros m eta delta s L Hm; pose proof (nq_nonzero m Hm) as Hnz; simpl.
  split; field; exact Hnz.
Qed.

(** The first layer: every wide row w (over the input x) moves at rate eta with signal
    delta; the width-1 row, equal to w, at rate eta/m₁ with signal m₁·delta. *)
Theorem one_neuron_first_step : forall m eta delta (w x : vec) b, (0 < m)%nat ->
  veq (vadd w (scale (- (eta / nq m * (nq m * delta))) x)) (vadd w (scale (- (eta * delta)) x)) /\
  b - eta / nq m * (nq m * delta) == b - eta * delta.
Proof.
  intros m eta delta w x b Hm; pose proof (nq_nonzero m Hm) as Hnz.
  assert (Hrate : - (eta / nq m * (nq m * delta)) == - (eta * delta)) by (field; exact Hnz).
  split; [rewrite Hrate; reflexivity | field; exact Hnz].
Qed.
