//! Numbers fitted to an event log, put into the journey: as the scenario "observed" beside
//! the drawn numbers, or in place of them. Each is one undoable edit.

use super::NothingToDo;
use crate::model::{
    Document, Edit, Estimate, Fitted, FrameValue, LinkOverride, LinkValue, Scenario, Stage,
    StepOverride, StepValue,
};

/// The name of the scenario that holds the numbers observed in an event log.
pub const OBSERVED: &str = "observed";

/// The edit that adds the scenario `name` (usually [`OBSERVED`]) with the fitted numbers, or
/// replaces its reach, stay, referrals and rates (with what was observed of each) if it
/// exists. Whatever else that scenario holds — money, periods, unknown fields, overrides of
/// steps and links the fit said nothing of — is kept. Steps and links no longer in the
/// journey are skipped; a reach is put on tell steps only, and at a tell step whose budget
/// sets its reach, also the cost per reach at which the budget buys it.
pub fn observed_scenario(doc: &Document, fitted: &Fitted, name: &str) -> Result<Edit, NothingToDo> {
    let fitted = applicable(doc, fitted);
    if fitted.is_empty() {
        return Err(NothingToDo::NothingFitted);
    }
    let mut scenarios = doc.scenarios().to_vec();
    let at = scenarios
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| {
            scenarios.push(Scenario::new(name));
            scenarios.len() - 1
        });
    let scenario = &mut scenarios[at];
    for (id, step) in &fitted.steps {
        let o: &mut StepOverride = entry(&mut scenario.steps, id);
        let fields = [
            (&step.reach, &mut o.reach, &mut o.observed.reach),
            (&step.stay, &mut o.stay, &mut o.observed.stay),
            (&step.referrals, &mut o.referrals, &mut o.observed.referrals),
        ];
        for (estimate, value, observed) in fields {
            if let Some(e) = estimate {
                *value = Some(e.value);
                *observed = Some(e.observed.clone());
            }
        }
        if step.cost_per_reach.is_some() {
            o.money.cost_per_reach = step.cost_per_reach;
        }
    }
    for (id, estimate) in &fitted.links {
        let o: &mut LinkOverride = entry(&mut scenario.links, id);
        o.rate = Some(estimate.value);
        o.observed = Some(estimate.observed.clone());
    }
    Ok(Edit::Batch {
        label: format!("Add the scenario {name:?} from an event log"),
        edits: vec![Edit::SetFrame(FrameValue::Scenarios(scenarios))],
    })
}

/// The override of `id` in `list`, added empty at the end if there is none.
fn entry<'a, T: Default>(list: &'a mut Vec<(String, T)>, id: &str) -> &'a mut T {
    let at = list.iter().position(|(i, _)| i == id).unwrap_or_else(|| {
        list.push((id.to_owned(), T::default()));
        list.len() - 1
    });
    &mut list[at].1
}

/// The edit that writes the fitted reach, stay, referrals and rates into the journey in
/// place of the drawn ones, as one undoable step. Money and everything else stay as they
/// are, but for the cost per reach of a tell step whose budget sets its reach, which becomes
/// the one at which the budget buys the observed reach (the reach alone would go unused);
/// steps and links no longer in the journey are skipped; a reach is put on tell steps only.
pub fn use_observed(doc: &Document, fitted: &Fitted) -> Result<Edit, NothingToDo> {
    let fitted = applicable(doc, fitted);
    if fitted.is_empty() {
        return Err(NothingToDo::NothingFitted);
    }
    let mut edits = Vec::new();
    for (id, step) in &fitted.steps {
        let value = |e: &Option<Estimate>| e.as_ref().map(|e| e.value);
        if let Some(x) = value(&step.reach) {
            edits.push(super::set_step(id, StepValue::Reach(Some(x))));
        }
        if let Some(x) = value(&step.stay) {
            edits.push(super::set_step(id, StepValue::Stay(Some(x))));
        }
        if let Some(x) = value(&step.referrals) {
            edits.push(super::set_step(id, StepValue::Referrals(Some(x))));
        }
        if let (Some(c), Some(drawn)) = (step.cost_per_reach, doc.step(id)) {
            let mut money = *drawn.money;
            money.cost_per_reach = Some(c);
            edits.push(super::set_step(id, StepValue::Money(money)));
        }
    }
    for (id, estimate) in &fitted.links {
        edits.push(super::set_link(id, LinkValue::Rate(Some(estimate.value))));
    }
    Ok(Edit::Batch {
        label: "Use the numbers observed in an event log".to_owned(),
        edits,
    })
}

/// The part of `fitted` that `doc` can take: steps and ordinary links it has, reach only at
/// tell steps, a cost per reach only at tell steps whose budget sets their reach, each number
/// in the range the file allows.
fn applicable(doc: &Document, fitted: &Fitted) -> Fitted {
    let share = |e: &Option<Estimate>| e.clone().filter(|e| crate::model::is_share(e.value));
    let count = |e: &Option<Estimate>| e.clone().filter(|e| crate::model::is_count(e.value));
    let steps = fitted
        .steps
        .iter()
        .filter_map(|(id, s)| {
            let step = doc.step(id)?;
            let mut s = s.clone();
            s.reach = count(&s.reach).filter(|_| step.stage == Stage::Tell);
            s.stay = share(&s.stay);
            s.referrals = count(&s.referrals);
            s.cost_per_reach = s.cost_per_reach.filter(|&c| {
                crate::model::is_money(c)
                    && c > 0.0
                    && step.stage == Stage::Tell
                    && step.money.has_budget()
            });
            let any = s.reach.is_some()
                || s.stay.is_some()
                || s.referrals.is_some()
                || s.cost_per_reach.is_some();
            any.then(|| (id.clone(), s))
        })
        .collect();
    let links = fitted
        .links
        .iter()
        .filter(|(id, e)| {
            doc.link(id).is_some_and(|l| !l.referral) && crate::model::is_share(e.value)
        })
        .cloned()
        .collect();
    Fitted { steps, links }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builders::fixtures::{applied, doc};
    use crate::model::{FittedStep, Observation, StepMoney};

    fn journey() -> Document {
        doc(
            &[
                ("ads", Stage::Tell, [0.0, 0.0]),
                ("shop", Stage::Buy, [1.0, 0.0]),
                ("club", Stage::Care, [2.0, 0.0]),
            ],
            &[("ads", "shop"), ("shop", "club")],
        )
    }

    fn fitted() -> Fitted {
        Fitted {
            steps: vec![
                (
                    "ads".into(),
                    FittedStep {
                        reach: Some(Estimate::new(96.5, 91.0, 102.0, 30)),
                        ..FittedStep::default()
                    },
                ),
                (
                    "shop".into(),
                    FittedStep {
                        // A reach off a tell step is not taken.
                        reach: Some(Estimate::new(5.0, 4.0, 6.0, 30)),
                        stay: Some(Estimate::new(0.25, 0.21, 0.3, 412)),
                        ..FittedStep::default()
                    },
                ),
                (
                    "gone".into(),
                    FittedStep {
                        stay: Some(Estimate::new(0.5, 0.4, 0.6, 10)),
                        ..FittedStep::default()
                    },
                ),
            ],
            links: vec![
                ("ads-shop".into(), Estimate::new(0.36, 0.31, 0.42, 812)),
                ("nope".into(), Estimate::new(0.5, 0.4, 0.6, 10)),
            ],
        }
    }

    #[test]
    fn the_observed_scenario_holds_each_number_with_its_interval_and_undoes_at_once() {
        let before = journey();
        let edit = observed_scenario(&before, &fitted(), OBSERVED).unwrap();
        let mut after = before.clone();
        let undo = edit.apply(&mut after).unwrap();
        let s = after.scenario(OBSERVED).unwrap();
        let ads = s.step("ads").unwrap();
        assert_eq!(ads.reach, Some(96.5));
        assert_eq!(ads.observed.reach, Some(Observation::new(91.0, 102.0, 30)));
        let shop = s.step("shop").unwrap();
        assert_eq!((shop.reach, shop.stay), (None, Some(0.25)));
        assert_eq!(shop.observed.stay, Some(Observation::new(0.21, 0.3, 412)));
        assert_eq!(s.step("gone"), None);
        let link = s.link("ads-shop").unwrap();
        assert_eq!(link.rate, Some(0.36));
        assert_eq!(link.observed, Some(Observation::new(0.31, 0.42, 812)));
        assert_eq!(s.link("nope"), None);
        // The drawn numbers are untouched.
        assert_eq!(after.steps(), before.steps());
        assert_eq!(after.links(), before.links());
        let _ = undo.apply(&mut after).unwrap();
        assert_eq!(after, before);
    }

    #[test]
    fn an_existing_observed_scenario_keeps_its_money_and_other_overrides() {
        let mut s = Scenario::new(OBSERVED);
        s.from_period = Some(3);
        s.steps.push((
            "shop".into(),
            StepOverride {
                stay: Some(0.9),
                money: StepMoney {
                    price: Some(45.0),
                    ..StepMoney::default()
                },
                ..StepOverride::default()
            },
        ));
        s.steps.push((
            "club".into(),
            StepOverride {
                stay: Some(0.7),
                ..StepOverride::default()
            },
        ));
        let before = applied(journey(), Edit::SetFrame(FrameValue::Scenarios(vec![s])));
        let after = applied(
            before.clone(),
            observed_scenario(&before, &fitted(), OBSERVED).unwrap(),
        );
        assert_eq!(after.scenarios().len(), 1);
        let s = after.scenario(OBSERVED).unwrap();
        assert_eq!(s.from_period, Some(3));
        let shop = s.step("shop").unwrap();
        assert_eq!(shop.stay, Some(0.25));
        assert_eq!(shop.money.price, Some(45.0));
        assert_eq!(s.step("club").unwrap().stay, Some(0.7));
    }

    #[test]
    fn using_the_observed_numbers_sets_the_drawn_ones_in_one_undoable_edit() {
        let before = journey();
        let edit = use_observed(&before, &fitted()).unwrap();
        let mut after = before.clone();
        let undo = edit.apply(&mut after).unwrap();
        assert_eq!(after.step("ads").unwrap().reach, Some(96.5));
        assert_eq!(after.step("shop").unwrap().stay, Some(0.25));
        assert_eq!(after.step("shop").unwrap().reach, None);
        assert_eq!(after.link("ads-shop").unwrap().rate, Some(0.36));
        assert!(after.scenarios().is_empty());
        let _ = undo.apply(&mut after).unwrap();
        assert_eq!(after, before);
    }

    #[test]
    fn a_budgeted_tell_step_takes_the_cost_per_reach_that_buys_the_observed_reach() {
        let budget = StepMoney {
            cost_per_reach: Some(2.0),
            budget: Some(100.0),
            ..StepMoney::default()
        };
        let before = applied(
            journey(),
            super::super::set_step("ads", StepValue::Money(budget)),
        );
        let mut fitted = fitted();
        fitted.steps[0].1.cost_per_reach = Some(3.5);
        // A cost per reach off a budgeted tell step is not taken.
        fitted.steps[1].1.cost_per_reach = Some(9.0);
        let after = applied(before.clone(), use_observed(&before, &fitted).unwrap());
        let ads = after.step("ads").unwrap();
        assert_eq!(
            *ads.money,
            StepMoney {
                cost_per_reach: Some(3.5),
                ..budget
            }
        );
        assert_eq!(ads.reach, Some(96.5));
        assert_eq!(after.step("shop").unwrap().money.cost_per_reach, None);
        let scenario = applied(
            before.clone(),
            observed_scenario(&before, &fitted, OBSERVED).unwrap(),
        );
        let s = scenario.scenario(OBSERVED).unwrap();
        assert_eq!(s.step("ads").unwrap().money.cost_per_reach, Some(3.5));
        assert_eq!(s.step("shop").unwrap().money.cost_per_reach, None);
        assert_eq!(
            scenario.step("ads").unwrap().money.cost_per_reach,
            Some(2.0)
        );
        // Without a budget the reach is used, and the cost per reach stays as drawn.
        let plain = journey();
        let after = applied(plain.clone(), use_observed(&plain, &fitted).unwrap());
        assert_eq!(after.step("ads").unwrap().money.cost_per_reach, None);
        assert_eq!(after.step("ads").unwrap().reach, Some(96.5));
    }

    #[test]
    fn nothing_fitted_is_nothing_to_do() {
        let empty = Fitted::default();
        assert_eq!(
            observed_scenario(&journey(), &empty, OBSERVED),
            Err(NothingToDo::NothingFitted)
        );
        assert_eq!(
            use_observed(&journey(), &empty),
            Err(NothingToDo::NothingFitted)
        );
    }
}
