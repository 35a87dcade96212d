//! The viral coefficient K and expected purchases, from the journey's fundamental matrix.
//!
//! With Q the per-period transition matrix (Q[i][i] = stay, Q[i][j] += a link's rate), the
//! fundamental matrix N = (I − Q)⁻¹ gives the expected number of periods a person starting at
//! step i spends at step j. K = e·N·r, with e where newcomers enter and r the referrals per
//! person per period. Rather than invert anything, we solve (I − Q) w = r (and the same for
//! purchases) once with a sparse LU factorisation: w[i] is what a person at step i brings
//! from then on.
//!
//! Steps from which people can never leave (a closed class with no leak) make N infinite
//! there: K is infinite if such a class brings anyone, and those steps are kept out of the
//! linear system, which is then regular.

use faer::prelude::Solve as _;
use faer::sparse::{SparseColMat, Triplet};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::Net;

/// How close to 1 the shares kept inside a class must come for nobody ever to leave it.
const CLOSED: f64 = 1e-12;

/// What the fundamental matrix tells.
#[derive(Clone, Debug, PartialEq)]
pub struct Fundamentals {
    /// K, or `None` without a tell step to enter at.
    pub viral_coefficient: Option<f64>,
    /// Expected purchases of a newcomer, or `None` without a tell step.
    pub purchases_per_person: Option<f64>,
    /// For each step: the new people a person there brings from now on.
    pub referrals_from: Vec<f64>,
    /// For each step: the purchases a person there makes from now on.
    pub purchases_from: Vec<f64>,
}

/// K and expected purchases for the compiled journey.
pub fn fundamentals(net: &Net) -> Fundamentals {
    let n = net.len();
    // Arrivals at buy steps per period, per person at each step.
    let mut buys = vec![0.0; n];
    for &(_, from, to, rate) in &net.links {
        if net.is_buy[to] {
            buys[from] += rate;
        }
    }
    let closed = closed_steps(net);
    let (finite_w, finite_u) = finite_steps(net, &buys, &closed);
    let mut brings = vec![f64::INFINITY; n];
    let mut buys_after = vec![f64::INFINITY; n];
    // People in a closed class that brings nothing (or buys nothing) add nothing more.
    for &i in &closed {
        if finite_w[i] {
            brings[i] = 0.0;
        }
        if finite_u[i] {
            buys_after[i] = 0.0;
        }
    }
    // The rest with a finite value of either kind form a regular linear system: every group
    // of steps in it loses people somewhere. A step depends only on steps it can reach, so
    // a finite value never depends on an infinite one.
    let mut index = vec![usize::MAX; n];
    let mut open = Vec::new();
    for i in 0..n {
        if (finite_w[i] || finite_u[i]) && closed.binary_search(&i).is_err() {
            index[i] = open.len();
            open.push(i);
        }
    }
    if !open.is_empty() {
        let m = open.len();
        let mut triplets: Vec<(usize, usize, f64)> = open
            .iter()
            .enumerate()
            .map(|(k, &i)| (k, k, 1.0 - net.stay[i]))
            .collect();
        for &(_, from, to, rate) in &net.links {
            if index[from] != usize::MAX && index[to] != usize::MAX {
                triplets.push((index[from], index[to], -rate));
            }
        }
        triplets.sort_by_key(|&(r, c, _)| (c, r));
        let mut merged: Vec<Triplet<usize, usize, f64>> = Vec::with_capacity(triplets.len());
        for (r, c, v) in triplets {
            match merged.last_mut() {
                Some(t) if t.row == r && t.col == c => t.val += v,
                _ => merged.push(Triplet::new(r, c, v)),
            }
        }
        let mut rhs = faer::Mat::<f64>::zeros(m, 2);
        for (k, &i) in open.iter().enumerate() {
            rhs[(k, 0)] = if finite_w[i] { net.referrals[i] } else { 0.0 };
            rhs[(k, 1)] = if finite_u[i] { buys[i] } else { 0.0 };
        }
        let solution = SparseColMat::<usize, f64>::try_new_from_triplets(m, m, &merged)
            .ok()
            .and_then(|a| a.sp_lu().ok())
            .map(|lu| {
                lu.solve_in_place(rhs.as_mut());
                rhs
            });
        for (k, &i) in open.iter().enumerate() {
            let (wk, uk) = solution
                .as_ref()
                .map_or((f64::NAN, f64::NAN), |s| (s[(k, 0)], s[(k, 1)]));
            // A value is a sum of non-negative terms; rounding may leave it a hair below 0.
            if finite_w[i] {
                brings[i] = wk.max(0.0);
            }
            if finite_u[i] {
                buys_after[i] = uk.max(0.0);
            }
        }
    }
    let expect = |values: &[f64]| -> Option<f64> {
        if net.tells.is_empty() {
            return None;
        }
        Some(
            net.tells
                .iter()
                .zip(&net.entry)
                .filter(|(_, share)| **share > 0.0)
                .map(|(&t, share)| share * values[t])
                .sum(),
        )
    };
    Fundamentals {
        viral_coefficient: expect(&brings),
        purchases_per_person: expect(&buys_after),
        referrals_from: net.in_document_order(&brings),
        purchases_from: net.in_document_order(&buys_after),
    }
}

/// Steps of closed classes: strongly connected groups of steps that nobody ever leaves
/// (every step keeps all its people inside the group), sorted.
fn closed_steps(net: &Net) -> Vec<usize> {
    let n = net.len();
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, net.links.len());
    for _ in 0..n {
        graph.add_node(());
    }
    for &(_, from, to, _) in &net.links {
        graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
    }
    let mut component = vec![0; n];
    let sccs = tarjan_scc(&graph);
    for (c, members) in sccs.iter().enumerate() {
        for m in members {
            component[m.index()] = c;
        }
    }
    let mut kept_inside = net.stay.clone();
    for &(_, from, to, rate) in &net.links {
        if component[from] == component[to] {
            kept_inside[from] += rate;
        }
    }
    let mut closed: Vec<usize> = sccs
        .iter()
        .filter(|members| {
            members
                .iter()
                .all(|m| kept_inside[m.index()] >= 1.0 - CLOSED)
        })
        .flatten()
        .map(|m| m.index())
        .collect();
    closed.sort_unstable();
    closed
}

/// For each step, whether the referrals and the purchases that follow a person there are
/// finite: they are not when the person may reach a closed class that brings people (or
/// purchases) forever.
fn finite_steps(net: &Net, buys: &[f64], closed: &[usize]) -> (Vec<bool>, Vec<bool>) {
    let n = net.len();
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(_, from, to, _) in &net.links {
        into[to].push(from);
    }
    let mut finite = Vec::with_capacity(2);
    for brings in [&net.referrals[..], buys] {
        // Backwards along links from the closed steps that bring anyone: every member of
        // their class, and everyone who can get there.
        let mut infinite = vec![false; n];
        let mut stack: Vec<usize> = closed
            .iter()
            .copied()
            .filter(|&i| brings[i] > 0.0)
            .collect();
        for &s in &stack {
            infinite[s] = true;
        }
        while let Some(s) = stack.pop() {
            for &p in &into[s] {
                if !infinite[p] {
                    infinite[p] = true;
                    stack.push(p);
                }
            }
        }
        finite.push(infinite.into_iter().map(|x| !x).collect::<Vec<bool>>());
    }
    let u = finite.pop().unwrap_or_default();
    let w = finite.pop().unwrap_or_default();
    (w, u)
}
