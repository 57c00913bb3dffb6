(** * Vectors over ℚ

    A vector is a list of rationals.  Rationals have many representations
    (1#2 and 2#4 are the same number), so vectors are compared pointwise with
    [Qeq]: [veq u v] is [Forall2 Qeq u v].  [veq] is an equivalence and [dot],
    [scale], [vadd] respect it, so [rewrite] works under them (setoid rewriting).

    Lists of unequal length are cut to the shorter one, as [combine] does;
    every theorem of this development holds for any data, so no length
    hypotheses are needed except for additivity of the dot product. *)

From Coq Require Import QArith List Setoid Morphisms.
Import ListNotations.
Open Scope Q_scope.

Definition vec := list Q.

(** u·v *)
Fixpoint dot (u v : vec) : Q :=
  match u, v with
  | a :: u', b :: v' => a * b + dot u' v'
  | _, _ => 0
  end.

(** c·v *)
Definition scale (c : Q) (v : vec) : vec := map (Qmult c) v.

(** u + v *)
Fixpoint vadd (u v : vec) : vec :=
  match u, v with
  | a :: u', b :: v' => (a + b) :: vadd u' v'
  | _, _ => []
  end.

(** The zero vector of dimension d. *)
Definition zeros (d : nat) : vec := repeat 0 d.

(** Pointwise equality of rationals; also used for sequences of predictions. *)
Definition veq : vec -> vec -> Prop := Forall2 Qeq.

(** ** [veq] is an equivalence relation *)

Lemma veq_refl : forall u, veq u u.
Proof. induction u; constructor; [reflexivity | assumption]. Qed.

Lemma veq_sym : forall u v, veq u v -> veq v u.
Proof. induction 1; constructor; [symmetry |]; assumption. Qed.

Lemma veq_trans : forall u v w, veq u v -> veq v w -> veq u w.
Proof.
  intros u v w Huv; revert w.
  induction Huv as [| a b u v Hab Huv IH]; intros w Hvw; inversion Hvw; subst.
  - constructor.
  - constructor; [rewrite Hab; assumption | apply IH; assumption].
Qed.

#[global] Instance veq_equivalence : Equivalence veq.
Proof. split; [exact veq_refl | exact veq_sym | exact veq_trans]. Qed.

(** ** The operations respect [veq] *)

#[global] Instance dot_proper : Proper (veq ==> veq ==> Qeq) dot.
Proof.
  intros u u' Hu; induction Hu as [| a a' u u' Ha Hu IH]; intros v v' Hv.
  - reflexivity.
  - destruct Hv as [| b b' v v' Hb Hv]; simpl.
    + reflexivity.
    + rewrite Ha, Hb, (IH _ _ Hv); reflexivity.
Qed.

#[global] Instance scale_proper : Proper (Qeq ==> veq ==> veq) scale.
Proof.
  intros c c' Hc u u' Hu; induction Hu as [| a a' u u' Ha Hu IH]; simpl; constructor.
  - rewrite Hc, Ha; reflexivity.
  - exact IH.
Qed.

#[global] Instance vadd_proper : Proper (veq ==> veq ==> veq) vadd.
Proof.
  intros u u' Hu; induction Hu as [| a a' u u' Ha Hu IH]; intros v v' Hv.
  - constructor.
  - destruct Hv as [| b b' v v' Hb Hv]; simpl; constructor.
    + rewrite Ha, Hb; reflexivity.
    + apply IH; exact Hv.
Qed.

(** ** Homogeneity and linearity of the dot product *)

Lemma dot_scale_l : forall c u v, dot (scale c u) v == c * dot u v.
Proof.
  intros c u; induction u as [| a u IH]; intros [| b v]; simpl; try ring.
  rewrite IH; ring.
Qed.

Lemma dot_scale_r : forall c u v, dot u (scale c v) == c * dot u v.
Proof.
  intros c u; induction u as [| a u IH]; intros [| b v]; simpl; try ring.
  rewrite IH; ring.
Qed.

Lemma dot_comm : forall u v, dot u v == dot v u.
Proof.
  induction u as [| a u IH]; intros [| b v]; simpl; try reflexivity.
  rewrite IH; ring.
Qed.

Lemma dot_vadd_l : forall u v x,
  length u = length v -> dot (vadd u v) x == dot u x + dot v x.
Proof.
  induction u as [| a u IH]; intros [| b v] [| c x] Hlen; simpl in *;
    try discriminate; try ring.
  rewrite IH by (injection Hlen; trivial); ring.
Qed.

(** ** Scaling vectors *)

Lemma scale_vadd : forall c u v, veq (scale c (vadd u v)) (vadd (scale c u) (scale c v)).
Proof.
  intros c; induction u as [| a u IH]; intros [| b v]; simpl; constructor.
  - ring.
  - apply IH.
Qed.

Lemma scale_scale : forall a b v, veq (scale a (scale b v)) (scale (a * b) v).
Proof.
  intros a b; induction v as [| x v IH]; simpl; constructor; [ring | exact IH].
Qed.

Lemma scale_one : forall v, veq (scale 1 v) v.
Proof. induction v as [| x v IH]; simpl; constructor; [ring | exact IH]. Qed.

Lemma scale_zeros : forall c d, veq (scale c (zeros d)) (zeros d).
Proof. intros c; induction d as [| d IH]; simpl; constructor; [ring | exact IH]. Qed.

Lemma scale_inv : forall c v, ~ c == 0 -> veq (scale c (scale (/ c) v)) v.
Proof.
  intros c v Hc; rewrite scale_scale, Qmult_inv_r by exact Hc; apply scale_one.
Qed.

Lemma length_scale : forall c v, length (scale c v) = length v.
Proof. intros; apply map_length. Qed.

(** ** Deciding [veq] by computation

    [veqb] lets [vm_compute] settle a concrete (in)equality of vectors. *)

Fixpoint veqb (u v : vec) : bool :=
  match u, v with
  | [], [] => true
  | a :: u', b :: v' => Qeq_bool a b && veqb u' v'
  | _, _ => false
  end.

Lemma veqb_spec : forall u v, veqb u v = true <-> veq u v.
Proof.
  induction u as [| a u IH]; intros [| b v]; simpl; split; intro H;
    try discriminate; try constructor; try (inversion H; fail).
  - apply andb_true_iff in H as [Hab Huv]; apply Qeq_bool_iff; exact Hab.
  - apply andb_true_iff in H as [Hab Huv]; apply IH; exact Huv.
  - inversion H; subst; apply andb_true_iff; split;
      [apply Qeq_bool_iff | apply IH]; assumption.
Qed.

Lemma veqb_false : forall u v, veqb u v = false -> ~ veq u v.
Proof.
  intros u v H Huv; apply veqb_spec in Huv; rewrite Huv in H; discriminate.
Qed.
