//! Which steps purchases depend on: each step's removal effect in the absorbing chain of a
//! journey's numbers.
//!
//! A person at step i stays with probability sᵢ, moves along each ordinary link i → j with
//! its rate, and leaves with the rest. Reaching a buy step is a purchase and ends the walk.
//! hᵢ, the probability that a person at i buys eventually, solves
//! hᵢ = Σⱼ rateᵢⱼ·hⱼ ÷ (1 − sᵢ) with h = 1 at buy steps (0 where sᵢ = 1: nobody moves on).
//! Newcomers start at the steps in proportion to `start`, so P(purchase) = Σ startᵢ·hᵢ ÷
//! Σ startᵢ. Removing step k (hₖ = 0: whoever gets there leaves) gives P₋ₖ, and k's
//! **removal effect** is 1 − P₋ₖ ÷ P. Purchases are shared out among the steps in
//! proportion to their removal effects (the Markov-chain attribution of Anderl et al.,
//! 2016).

/// A journey's numbers as an absorbing chain.
#[derive(Clone, Debug, Default)]
pub struct Chain {
    /// Whether each step is a buy step (absorbing: a purchase).
    pub buy: Vec<bool>,
    /// Each step's stay.
    pub stay: Vec<f64>,
    /// The ordinary links: (from, to, rate).
    pub links: Vec<(usize, usize, f64)>,
    /// How many newcomers start at each step (any scale).
    pub start: Vec<f64>,
}

/// How closely the iteration solves for h.
const TOLERANCE: f64 = 1e-13;
/// The most sweeps of the iteration.
const MAX_SWEEPS: usize = 1_000_000;

impl Chain {
    /// The probability that a person at each step buys eventually, with `removed` (if any)
    /// taken out, by Gauss–Seidel sweeps (h grows from 0 to its least solution).
    pub fn buy_chance(&self, removed: Option<usize>) -> Vec<f64> {
        let n = self.buy.len();
        let mut out: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for &(from, to, rate) in &self.links {
            if from < n && to < n && rate > 0.0 {
                out[from].push((to, rate));
            }
        }
        let mut h: Vec<f64> = (0..n)
            .map(|i| {
                if self.buy[i] && Some(i) != removed {
                    1.0
                } else {
                    0.0
                }
            })
            .collect();
        for _ in 0..MAX_SWEEPS {
            let mut change = 0.0f64;
            for i in 0..n {
                if self.buy[i] || Some(i) == removed {
                    continue;
                }
                let keep = 1.0 - self.stay.get(i).copied().unwrap_or(0.0);
                if keep <= 0.0 {
                    continue;
                }
                let sum: f64 = out[i].iter().map(|&(j, r)| r * h[j]).sum();
                let new = (sum / keep).min(1.0);
                change = change.max((new - h[i]).abs());
                h[i] = new;
            }
            if change <= TOLERANCE {
                break;
            }
        }
        h
    }

    /// P(purchase) of a newcomer, with `removed` (if any) taken out.
    pub fn purchase_probability(&self, removed: Option<usize>) -> f64 {
        let h = self.buy_chance(removed);
        let total: f64 = self.start.iter().sum();
        if total <= 0.0 {
            return 0.0;
        }
        self.start
            .iter()
            .zip(&h)
            .enumerate()
            .map(|(i, (w, h))| if Some(i) == removed { 0.0 } else { w * h })
            .sum::<f64>()
            / total
    }

    /// Each step's removal effect, `None` for buy steps (the purchase itself) and for all
    /// when nobody buys.
    pub fn removal_effects(&self) -> Vec<Option<f64>> {
        let p = self.purchase_probability(None);
        (0..self.buy.len())
            .map(|k| {
                if self.buy[k] || p <= 0.0 {
                    None
                } else {
                    Some((1.0 - self.purchase_probability(Some(k)) / p).clamp(0.0, 1.0))
                }
            })
            .collect()
    }
}

/// `purchases` shared out in proportion to the removal effects.
pub fn share(purchases: f64, effects: &[Option<f64>]) -> Vec<Option<f64>> {
    let total: f64 = effects.iter().flatten().sum();
    effects
        .iter()
        .map(|e| {
            e.map(|e| {
                if total > 0.0 {
                    purchases * e / total
                } else {
                    0.0
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// start → A 0.8, start → B 0.2, A → buy 0.5, A → B 0.25, A → out 0.25, B → buy 1.
    fn published() -> Chain {
        // 0 start, 1 A, 2 B, 3 buy.
        Chain {
            buy: vec![false, false, false, true],
            stay: vec![0.0; 4],
            links: vec![
                (0, 1, 0.8),
                (0, 2, 0.2),
                (1, 3, 0.5),
                (1, 2, 0.25),
                (2, 3, 1.0),
            ],
            start: vec![1.0, 0.0, 0.0, 0.0],
        }
    }

    #[test]
    fn the_published_example() {
        let chain = published();
        assert!((chain.purchase_probability(None) - 0.8).abs() < 1e-12);
        let effects = chain.removal_effects();
        let a = effects[1].unwrap();
        let b = effects[2].unwrap();
        assert!((a - 0.75).abs() < 1e-12, "{a}");
        assert!((b - 0.5).abs() < 1e-12, "{b}");
        // The start step itself carries everyone: removing it loses every purchase.
        assert!((effects[0].unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(effects[3], None);
        let split = share(4.0, &[None, effects[1], effects[2], None]);
        assert!((split[1].unwrap() - 2.4).abs() < 1e-12);
        assert!((split[2].unwrap() - 1.6).abs() < 1e-12);
    }

    #[test]
    fn a_stay_delays_but_does_not_change_the_chance() {
        let mut chain = published();
        chain.stay[1] = 0.6;
        // A's outflow is now 0.4 of what it was per period, and its stay brings it back:
        // rates scaled so that A's non-stay shares keep their proportions.
        chain.links = vec![
            (0, 1, 0.8),
            (0, 2, 0.2),
            (1, 3, 0.2),
            (1, 2, 0.1),
            (2, 3, 1.0),
        ];
        assert!((chain.purchase_probability(None) - 0.8).abs() < 1e-12);
    }

    /// h by Gaussian elimination of (I − Q) h = r over the steps that are not buy steps:
    /// the second way, with no iteration.
    #[expect(
        clippy::many_single_char_names,
        clippy::needless_range_loop,
        reason = "Gaussian elimination as the textbooks write it"
    )]
    fn dense(chain: &Chain, removed: Option<usize>) -> f64 {
        let n = chain.buy.len();
        let live: Vec<usize> = (0..n)
            .filter(|&i| !chain.buy[i] && Some(i) != removed)
            .collect();
        let at = |i: usize| live.iter().position(|&x| x == i);
        let m = live.len();
        let mut a = vec![vec![0.0; m + 1]; m];
        for (row, &i) in live.iter().enumerate() {
            a[row][row] = 1.0 - chain.stay[i];
            for &(from, to, rate) in &chain.links {
                if from != i {
                    continue;
                }
                if chain.buy[to] && Some(to) != removed {
                    a[row][m] += rate;
                } else if let Some(col) = at(to) {
                    a[row][col] -= rate;
                }
            }
        }
        for col in 0..m {
            let pivot = (col..m)
                .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
                .unwrap();
            a.swap(col, pivot);
            let p = a[col][col];
            for k in col..=m {
                a[col][k] /= p;
            }
            for row in 0..m {
                if row != col {
                    let f = a[row][col];
                    for k in col..=m {
                        a[row][k] -= f * a[col][k];
                    }
                }
            }
        }
        let h = |i: usize| {
            if chain.buy[i] && Some(i) != removed {
                1.0
            } else {
                at(i).map_or(0.0, |r| a[r][m])
            }
        };
        let total: f64 = chain.start.iter().sum();
        (0..n)
            .filter(|&i| Some(i) != removed)
            .map(|i| chain.start[i] * h(i))
            .sum::<f64>()
            / total
    }

    #[test]
    #[expect(clippy::needless_range_loop, reason = "links between step numbers")]
    fn iteration_and_elimination_agree_on_generated_chains() {
        // A small deterministic generator: every step leaks, so the system is regular.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for round in 0..50 {
            let n = 3 + round % 9;
            let buy: Vec<bool> = (0..n).map(|i| i == n - 1 || next() < 0.15).collect();
            let stay: Vec<f64> = (0..n).map(|_| next() * 0.5).collect();
            let mut links = Vec::new();
            for i in 0..n {
                let mut room = 0.95 - stay[i];
                for j in 0..n {
                    if i != j && next() < 0.4 {
                        let r = next() * room * 0.7;
                        room -= r;
                        links.push((i, j, r));
                    }
                }
            }
            let start: Vec<f64> = (0..n).map(|_| next()).collect();
            let chain = Chain {
                buy,
                stay,
                links,
                start,
            };
            for removed in std::iter::once(None).chain((0..n).map(Some)) {
                let iterated = chain.purchase_probability(removed);
                let eliminated = dense(&chain, removed);
                assert!(
                    (iterated - eliminated).abs() < 1e-9,
                    "round {round}, removed {removed:?}: {iterated} vs {eliminated}"
                );
            }
        }
    }
}
