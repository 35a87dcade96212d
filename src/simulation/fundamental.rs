//! The fundamental matrix of a journey, never formed: what a person at each step does from
//! now on, as the solution of one sparse linear system per question.
//!
//! With Q the per-period transition matrix of a person (Q[i][i] = stay, Q[i][j] += the rate of
//! each ordinary link i → j), the fundamental matrix N = (I − Q)⁻¹ gives the expected number of
//! periods a person at step i spends at step j over their whole journey. What a person at
//! step i brings from now on of something each step brings per period, r, is w = N r, so we
//! solve (I − Q) w = r with a sparse LU factorisation ([faer]) for every such r at once.
//! Money is discounted: with β = 1 ÷ (1 + d) per period, (I − βQ) v = m.
//!
//! Steps nobody ever leaves (a closed class: a strongly connected group of steps whose stay and
//! rates within the group add up to 1, within [`CLOSED`]) make N infinite there. A person who
//! can get to one that brings something has an infinite value, of the sign of what it brings
//! (not a number when closed classes of both signs are within reach); those steps are kept out
//! of the linear system, which is then regular. With β < 1 nothing is infinite.
//!
//! [faer]: https://docs.rs/faer

use faer::prelude::Solve as _;
use faer::sparse::{SparseColMat, Triplet};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::Net;

/// How close to 1 the shares kept inside a class must come for nobody ever to leave it.
pub const CLOSED: f64 = 1e-12;

/// Solves (I − β·Q) x = column for each column (values per step, inner order). Each solution
/// is per step in inner order; steps whose value is infinite (only with β = 1) hold ±∞, or
/// NaN when both signs are within reach.
pub(super) fn solve(net: &Net, beta: f64, columns: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = net.len();
    let links: Vec<(usize, usize, f64)> = net
        .links
        .iter()
        .map(|&(_, from, to, rate)| (from, to, rate))
        .collect();
    let closed = if beta < 1.0 {
        vec![false; n]
    } else {
        closed_steps(n, &net.stay, &links)
    };
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(from, to, _) in &links {
        into[to].push(from);
    }
    let mut out: Vec<Vec<f64>> = columns.iter().map(|_| vec![0.0; n]).collect();
    // People in a closed class that brings nothing add nothing more; those who can get to one
    // that brings something have an infinite value.
    for (column, values) in columns.iter().zip(&mut out) {
        let positive = reaching(&into, &closed, |i| column[i] > 0.0);
        let negative = reaching(&into, &closed, |i| column[i] < 0.0);
        for i in 0..n {
            values[i] = match (positive[i], negative[i]) {
                (true, true) => f64::NAN,
                (true, false) => f64::INFINITY,
                (false, true) => f64::NEG_INFINITY,
                (false, false) => 0.0,
            };
        }
    }
    // Every group of the other steps loses people somewhere: their system is regular, and a
    // step depends only on steps it can reach, so a finite value never depends on an
    // infinite one.
    let mut index = vec![usize::MAX; n];
    let mut open = Vec::new();
    for i in (0..n).filter(|&i| !closed[i]) {
        index[i] = open.len();
        open.push(i);
    }
    if open.is_empty() || columns.is_empty() {
        return out;
    }
    let m = open.len();
    let mut triplets: Vec<(usize, usize, f64)> = open
        .iter()
        .enumerate()
        .map(|(k, &i)| (k, k, 1.0 - beta * net.stay[i]))
        .collect();
    for &(from, to, rate) in &links {
        if index[from] != usize::MAX && index[to] != usize::MAX {
            triplets.push((index[from], index[to], -beta * rate));
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
    let mut rhs = faer::Mat::<f64>::zeros(m, columns.len());
    for (c, column) in columns.iter().enumerate() {
        for (k, &i) in open.iter().enumerate() {
            rhs[(k, c)] = column[i];
        }
    }
    let solved = SparseColMat::<usize, f64>::try_new_from_triplets(m, m, &merged)
        .ok()
        .and_then(|a| a.sp_lu().ok())
        .map(|lu| {
            lu.solve_in_place(rhs.as_mut());
            rhs
        });
    for (c, values) in out.iter_mut().enumerate() {
        for (k, &i) in open.iter().enumerate() {
            if values[i] == 0.0 {
                values[i] = solved.as_ref().map_or(f64::NAN, |s| s[(k, c)]);
            }
        }
    }
    out
}

/// Steps of closed classes: strongly connected groups of steps that nobody ever leaves
/// (every step keeps all its people inside the group).
fn closed_steps(n: usize, stay: &[f64], links: &[(usize, usize, f64)]) -> Vec<bool> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, links.len());
    for _ in 0..n {
        graph.add_node(());
    }
    for &(from, to, _) in links {
        graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
    }
    let mut component = vec![0; n];
    let sccs = tarjan_scc(&graph);
    for (c, members) in sccs.iter().enumerate() {
        for m in members {
            component[m.index()] = c;
        }
    }
    let mut kept_inside = stay.to_vec();
    for &(from, to, rate) in links {
        if component[from] == component[to] {
            kept_inside[from] += rate;
        }
    }
    let mut closed = vec![false; n];
    for members in &sccs {
        if members
            .iter()
            .all(|m| kept_inside[m.index()] >= 1.0 - CLOSED)
        {
            for m in members {
                closed[m.index()] = true;
            }
        }
    }
    closed
}

/// The steps from which a closed step that `brings` can be reached (the closed steps
/// themselves included), backwards along `into`.
fn reaching(into: &[Vec<usize>], closed: &[bool], brings: impl Fn(usize) -> bool) -> Vec<bool> {
    let mut marked = vec![false; into.len()];
    let mut stack: Vec<usize> = (0..into.len())
        .filter(|&i| closed[i] && brings(i))
        .collect();
    for &s in &stack {
        marked[s] = true;
    }
    while let Some(s) = stack.pop() {
        for &p in &into[s] {
            if !marked[p] {
                marked[p] = true;
                stack.push(p);
            }
        }
    }
    marked
}
