//! The viral coefficient K from the next-generation matrix, and expected purchases, from the
//! journey's fundamental matrix (see [`super::fundamental`]).
//!
//! Newcomers enter at tell steps: those marketing brings in the proportions of the tell
//! steps' reach, those word of mouth brings where the referral links of the step that
//! referred them point (split by those links' rates), or evenly over all tell steps from a
//! step without referral links. The next-generation matrix G (Diekmann, Heesterbeek & Metz,
//! 1990) has G[a][b] = the newcomers entering at tell step b brought over the journey of one
//! newcomer entering at tell step a, and K is its spectral radius: the factor by which each
//! generation of newcomers outnumbers the one before, in the long run. With one tell step G
//! is the single number of newcomers one newcomer brings.
//!
//! G need not be formed. Referred newcomers enter in a few ways (one per tell step a referral
//! link ends at, and one "evenly over all tell steps"): with E the tell steps × ways matrix of
//! where each way enters, and A the ways × tell steps matrix of how many newcomers of each way
//! a newcomer at each tell step brings, G = A·E, and the spectral radius of G is that of the
//! small matrix E·A (the ways × ways matrix: newcomers of each way brought by one newcomer
//! of each way). One linear solve per way gives A's columns.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::Net;
use super::fundamental::solve;

/// A way referred newcomers enter the journey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// At one tell step, along referral links (its index in the document).
    Tell(usize),
    /// Evenly over all tell steps, from steps without referral links.
    Evenly,
}

/// What the fundamental matrix tells.
#[derive(Clone, Debug, PartialEq)]
pub struct Fundamentals {
    /// K, or `None` without a tell step to enter at.
    pub viral_coefficient: Option<f64>,
    /// Expected purchases of a newcomer brought by marketing, or `None` without a tell step.
    pub purchases_per_person: Option<f64>,
    /// The ways referred newcomers enter, in the order of [`Fundamentals::brought`].
    pub entries: Vec<Entry>,
    /// Per tell step (in document order of the tell steps) and way: the newcomers of that
    /// way one newcomer entering at the tell step brings over their journey (A above).
    pub brought: Vec<Vec<f64>>,
}

/// K and expected purchases for the compiled journey.
pub fn fundamentals(net: &Net) -> Fundamentals {
    let n = net.len();
    let tells = net.tells.len();
    let entries = entries(net);
    // One column per way: the referrals of that way each step brings per period.
    let mut columns: Vec<Vec<f64>> = entries
        .iter()
        .map(|entry| {
            (0..n)
                .map(|j| net.referrals[j] * share_of(net, j, *entry))
                .collect()
        })
        .collect();
    let mut buys = vec![0.0; n];
    for &(_, from, to, rate) in &net.links {
        if net.is_buy[to] {
            buys[from] += rate;
        }
    }
    columns.push(buys);
    let solved = solve(net, 1.0, &columns);
    let brought: Vec<Vec<f64>> = net
        .tells
        .iter()
        .map(|&t| solved[..entries.len()].iter().map(|w| w[t]).collect())
        .collect();
    let purchases = &solved[entries.len()];
    let purchases_per_person = (tells > 0).then(|| {
        net.tells
            .iter()
            .zip(&net.entry)
            .filter(|(_, share)| **share > 0.0)
            .map(|(&t, share)| share * purchases[t])
            .sum()
    });
    let viral_coefficient = (tells > 0).then(|| {
        let ways = ways_matrix(net, &entries, &brought);
        spectral_radius(&ways)
    });
    Fundamentals {
        viral_coefficient,
        purchases_per_person,
        entries: entries
            .iter()
            .map(|e| match e {
                Way::Tell(k) => Entry::Tell(net.document_index(net.tells[*k])),
                Way::Evenly => Entry::Evenly,
            })
            .collect(),
        brought,
    }
}

/// The next-generation matrix G itself: `g[a][b]` the newcomers entering at tell step `b`
/// brought over the journey of one newcomer entering at tell step `a` (tell steps in document
/// order). Its size is the number of tell steps squared; [`fundamentals`] needs only a small
/// matrix of the same spectral radius.
pub fn next_generation(net: &Net, fundamentals: &Fundamentals) -> Vec<Vec<f64>> {
    let tells = net.tells.len();
    let ways = entries(net);
    (0..tells)
        .map(|a| {
            let mut row = vec![0.0; tells];
            for (way, &value) in ways.iter().zip(&fundamentals.brought[a]) {
                for (b, cell) in row.iter_mut().enumerate() {
                    let share = enters(*way, b, tells);
                    if share > 0.0 {
                        *cell += value * share;
                    }
                }
            }
            row
        })
        .collect()
}

/// A way of entering, by position in [`Net::tells`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Way {
    /// At this tell step.
    Tell(usize),
    /// Evenly over all tell steps.
    Evenly,
}

/// The ways referred newcomers enter, tell steps first in order, "evenly" last. With one tell
/// step there is one way.
fn entries(net: &Net) -> Vec<Way> {
    let tells = net.tells.len();
    if tells == 0 {
        return Vec::new();
    }
    if tells == 1 {
        return vec![Way::Tell(0)];
    }
    let mut routed = vec![false; tells];
    let mut evenly = false;
    for (j, route) in net.routes.iter().enumerate() {
        if net.referrals[j] <= 0.0 {
            continue;
        }
        if route.is_empty() {
            evenly = true;
        }
        for r in route {
            routed[r.tell] = true;
        }
    }
    let mut ways: Vec<Way> = (0..tells).filter(|&k| routed[k]).map(Way::Tell).collect();
    if evenly {
        ways.push(Way::Evenly);
    }
    ways
}

/// The share of step `j`'s referrals that enter by `way`.
fn share_of(net: &Net, j: usize, way: Way) -> f64 {
    let route = &net.routes[j];
    match way {
        Way::Tell(_) if net.tells.len() == 1 => 1.0,
        Way::Tell(k) => route.iter().filter(|r| r.tell == k).map(|r| r.share).sum(),
        Way::Evenly => {
            if route.is_empty() {
                1.0
            } else {
                0.0
            }
        }
    }
}

/// The share of the newcomers of `way` who enter at the tell step at position `b`.
fn enters(way: Way, b: usize, tells: usize) -> f64 {
    match way {
        Way::Tell(k) => {
            if k == b {
                1.0
            } else {
                0.0
            }
        }
        Way::Evenly => 1.0 / tells as f64,
    }
}

/// E·A: per way `a` and way `b`, the newcomers of way `b` that one newcomer of way `a` brings.
fn ways_matrix(net: &Net, ways: &[Way], brought: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let tells = net.tells.len();
    ways.iter()
        .map(|&a| {
            (0..ways.len())
                .map(|b| {
                    (0..tells)
                        .map(|t| (enters(a, t, tells), brought[t][b]))
                        .filter(|(share, _)| *share > 0.0)
                        .map(|(share, value)| share * value)
                        .sum()
                })
                .collect()
        })
        .collect()
}

/// The spectral radius of a square matrix of non-negative numbers (or +∞): the largest over
/// its strongly connected blocks. A block holding an infinite entry has an infinite radius;
/// a block of one without a loop has 0; the others are found by power iteration on the
/// block plus the identity, bracketed by the Collatz–Wielandt bounds min (Bx)ᵢ/xᵢ ≤ ρ ≤
/// max (Bx)ᵢ/xᵢ until they agree to 10⁻¹⁴.
pub fn spectral_radius(matrix: &[Vec<f64>]) -> f64 {
    let n = matrix.len();
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, n);
    for _ in 0..n {
        graph.add_node(());
    }
    for (a, row) in matrix.iter().enumerate() {
        for (b, &v) in row.iter().enumerate() {
            if v != 0.0 {
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
            }
        }
    }
    let mut radius = 0.0_f64;
    for block in tarjan_scc(&graph) {
        let members: Vec<usize> = block.iter().map(|m| m.index()).collect();
        let entries = || {
            members
                .iter()
                .flat_map(|&a| members.iter().map(move |&b| matrix[a][b]))
        };
        let r = if entries().any(|v| !v.is_finite()) {
            f64::INFINITY
        } else if let [only] = members[..] {
            matrix[only][only]
        } else {
            perron_root(matrix, &members)
        };
        radius = radius.max(r);
    }
    radius
}

/// The Perron root of the irreducible block `members` of `matrix`.
fn perron_root(matrix: &[Vec<f64>], members: &[usize]) -> f64 {
    let size = members.len();
    let mut x = vec![1.0; size];
    let mut y = vec![0.0; size];
    let (mut low, mut high) = (0.0, f64::INFINITY);
    for _ in 0..100_000 / size.max(1) + 100 {
        for (i, &a) in members.iter().enumerate() {
            // (B + I)x: adding the identity makes the block aperiodic, so the iteration
            // converges even when newcomers go round a cycle of tell steps.
            y[i] = x[i]
                + members
                    .iter()
                    .zip(&x)
                    .map(|(&b, xb)| matrix[a][b] * xb)
                    .sum::<f64>();
        }
        let ratios = y.iter().zip(&x).map(|(y, x)| y / x);
        low = ratios.clone().fold(f64::INFINITY, f64::min);
        high = ratios.fold(0.0, f64::max);
        if high - low <= 1e-14 * high {
            break;
        }
        let norm = y.iter().copied().fold(0.0, f64::max);
        for (x, y) in x.iter_mut().zip(&y) {
            *x = y / norm;
        }
    }
    f64::midpoint(low, high) - 1.0
}

/// What a newcomer brought by marketing is worth with the newcomers they refer, and those
/// newcomers' referrals, and so on, each discounted by `beta` per period: `value` is what a
/// person at each step (inner order) brings without referrals, discounted to the period they
/// are there. A person at step j refers in the next period, and the referred are at their tell
/// step by its end. Infinite when the discounted generations do not shrink.
pub(super) fn with_referrals(net: &Net, beta: f64, value: &[f64]) -> f64 {
    let tells = net.tells.len();
    if tells == 0 {
        return 0.0;
    }
    let ways = entries(net);
    let columns: Vec<Vec<f64>> = ways
        .iter()
        .map(|&way| {
            (0..net.len())
                .map(|j| beta * net.referrals[j] * share_of(net, j, way))
                .collect()
        })
        .collect();
    let solved = solve(net, beta, &columns);
    // brought[t][w]: discounted newcomers of way w a newcomer at tell step t brings.
    let brought: Vec<Vec<f64>> = net
        .tells
        .iter()
        .map(|&t| solved.iter().map(|w| w[t]).collect())
        .collect();
    let at_tells: Vec<f64> = net.tells.iter().map(|&t| value[t]).collect();
    // U = E·V over the ways: U = E·v + (E·A)·U.
    let ways_matrix = ways_matrix(net, &ways, &brought);
    let radius = spectral_radius(&ways_matrix);
    if radius.is_nan() || radius >= 1.0 {
        // Every generation is worth as much as the one before, or more.
        let plain: f64 = net.entry.iter().zip(&at_tells).map(|(e, v)| e * v).sum();
        return if plain == 0.0 {
            0.0
        } else {
            plain.signum() * f64::INFINITY
        };
    }
    let size = ways.len();
    let mut system: Vec<Vec<f64>> = (0..size)
        .map(|a| {
            let mut row: Vec<f64> = (0..size)
                .map(|b| f64::from(u8::from(a == b)) - ways_matrix[a][b])
                .collect();
            let entered: f64 = (0..tells)
                .map(|t| enters(ways[a], t, tells) * at_tells[t])
                .sum();
            row.push(entered);
            row
        })
        .collect();
    let u = gauss(&mut system);
    net.tells
        .iter()
        .zip(&net.entry)
        .enumerate()
        .map(|(k, (_, share))| {
            let referred: f64 = brought[k].iter().zip(&u).map(|(a, u)| a * u).sum();
            share * (at_tells[k] + referred)
        })
        .sum()
}

/// Solves the small dense system whose rows are the coefficients and, last, the right-hand
/// side, by Gaussian elimination with partial pivoting.
fn gauss(rows: &mut [Vec<f64>]) -> Vec<f64> {
    let n = rows.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&a, &b| rows[a][col].abs().total_cmp(&rows[b][col].abs()))
            .unwrap_or(col);
        rows.swap(col, pivot);
        let head = rows[col].clone();
        for row in rows.iter_mut().skip(col + 1) {
            let factor = row[col] / head[col];
            for (x, h) in row.iter_mut().zip(&head).skip(col) {
                *x -= factor * h;
            }
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let known: f64 = (i + 1..n).map(|j| rows[i][j] * x[j]).sum();
        x[i] = (rows[i][n] - known) / rows[i][i];
    }
    x
}
