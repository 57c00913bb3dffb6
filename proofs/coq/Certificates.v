(** * What a rule file's certificate is built from ([etaproof prove --certify])

    A rule file's state is p named vectors and its input q named vectors, all of one
    dimension d.  On numbers, and here, they are stacked: the state w holds p·d numbers, the
    input x holds q·d, and [part i d v] is the i-th vector of a stack, [dim q x] the
    dimension d.  The update of each state vector is a linear combination Σ kᵥ·v of the
    state's and the input's vectors ([combination]); the update of the state stacks them.

    A certificate (written by [proofs/coq_certificate.py]) defines the rule's decision and
    each coefficient kᵥ as a function of the dot products the rule uses, y and η; proves each
    function homogeneous as a lemma of scalar algebra over ℚ (φ drops a positive factor:
    [phi_homogeneous]; the rest is [ring]); assembles from them, with the lemmas below, the
    two conditions of [Training]; and concludes [zero_init_invariance] for the rule.  Nothing
    here is trusted: the kernel checks every certificate against these definitions. *)

From Coq Require Import QArith Qpower List Setoid Morphisms.
From Etaproof Require Import Vectors Training Rules.
Import ListNotations.
Open Scope Q_scope.

(** ** Stacked vectors *)

(** The i-th vector of dimension d in the stack v. *)
Definition part (i d : nat) (v : vec) : vec := firstn d (skipn (i * d) v).

(** The dimension of each of the q vectors stacked in x. *)
Definition dim (q : nat) (x : vec) : nat := (length x / q)%nat.

Lemma part_scale : forall i d c v, part i d (scale c v) = scale c (part i d v).
Proof. intros; unfold part, scale; rewrite skipn_map, firstn_map; reflexivity. Qed.

Lemma firstn_veq : forall n u v, veq u v -> veq (firstn n u) (firstn n v).
Proof.
  induction n as [| n IH]; intros u v Huv; [constructor |].
  destruct Huv; simpl; constructor; [assumption | apply IH; assumption].
Qed.

Lemma skipn_veq : forall n u v, veq u v -> veq (skipn n u) (skipn n v).
Proof.
  induction n as [| n IH]; intros u v Huv; [exact Huv |].
  destruct Huv; simpl; [constructor | apply IH; assumption].
Qed.

#[global] Instance part_proper : Proper (eq ==> eq ==> veq ==> veq) part.
Proof. intros i i' <- d d' <- u v Huv; apply firstn_veq, skipn_veq, Huv. Qed.

(** ** Linear combinations of vectors *)

(** Σ kᵥ·v over the terms, in dimension d (the zero vector when there is none). *)
Fixpoint combination (d : nat) (terms : list (Q * vec)) : vec :=
  match terms with
  | [] => zeros d
  | (k, v) :: rest => vadd (scale k v) (combination d rest)
  end.

(** For [update_homogeneous]: a term on a state vector keeps its coefficient, a term on an
    input vector multiplies it by c. *)
Lemma state_term : forall c k k' v, k' == k -> veq (scale k' (scale c v)) (scale c (scale k v)).
Proof. intros c k k' v Hk; rewrite Hk, !scale_scale; apply scale_proper; [ring | reflexivity]. Qed.

Lemma input_term : forall c k k' v, k' == c * k -> veq (scale k' v) (scale c (scale k v)).
Proof. intros c k k' v Hk; rewrite Hk, scale_scale; reflexivity. Qed.

Lemma combination_nil_scaled : forall c d, veq (combination d []) (scale c (combination d [])).
Proof. intros; symmetry; apply scale_zeros. Qed.

Lemma combination_cons_scaled : forall c d k k' v v' rest rest',
  veq (scale k' v') (scale c (scale k v)) ->
  veq (combination d rest') (scale c (combination d rest)) ->
  veq (combination d ((k', v') :: rest')) (scale c (combination d ((k, v) :: rest))).
Proof. intros * Hterm Hrest; simpl; rewrite scale_vadd, Hterm, Hrest; reflexivity. Qed.

Lemma stack_scaled : forall c u u' v v',
  veq u' (scale c u) -> veq v' (scale c v) -> veq (u' ++ v') (scale c (u ++ v)).
Proof. intros * Hu Hv; unfold scale; rewrite map_app; apply Forall2_app; assumption. Qed.

(** For [respects_veq]: equal coefficients and vectors give equal combinations. *)
Lemma combination_nil_compat : forall d, veq (combination d []) (combination d []).
Proof. intros; reflexivity. Qed.

Lemma combination_cons_compat : forall d k k' v v' rest rest',
  k == k' -> veq v v' -> veq (combination d rest) (combination d rest') ->
  veq (combination d ((k, v) :: rest)) (combination d ((k', v') :: rest')).
Proof. intros * Hk Hv Hrest; simpl; rewrite Hk, Hv, Hrest; reflexivity. Qed.

Lemma stack_compat : forall u u' v v', veq u u' -> veq v v' -> veq (u ++ v) (u' ++ v').
Proof. intros; apply Forall2_app; assumption. Qed.

(** ** Scalar algebra *)

(** φ sees only the sign: φ(z') = φ(z) when z' is a positive multiple of z. *)
Lemma phi_homogeneous : forall p z' z, 0 < p -> z' == p * z -> phi z' = phi z.
Proof. intros p z' z Hp Hz; rewrite (phi_compat _ _ Hz); apply phi_scale, Hp. Qed.

(** The side conditions of a certificate's scalar lemmas: a positive factor (c or cᵏ),
    or an identity of ring algebra. *)
Ltac positive_or_ring Hc := first [exact Hc | apply Qpower_0_lt; exact Hc | ring].

(** A dot product of scaled stacked vectors: c·(u·v), c²·(u·v), … *)
Ltac scaled_dot := rewrite ?part_scale, ?dot_scale_l, ?dot_scale_r; ring.
