//! The journey's opportunities: promote a step's free-text opportunity to a scored one, add,
//! score, describe, link to steps, give a change of the loop's numbers, remove; and which
//! scenario holds the to-be journey's numbers.

use super::fresh_id;
use crate::model::{
    Change, Document, Edit, FrameValue, LinkOverride, Opportunity, Scenario, Stage, Status, Step,
    StepOverride, StepValue,
};

/// The edit that turns item `index` of `step`'s free-text opportunities into a scored
/// opportunity of the journey linked to the step (the item leaves the step's list), and
/// the new opportunity's id; `None` if there is no such item.
pub fn promote(doc: &Document, step: &Step, index: usize) -> Option<(Edit, String)> {
    let text = step.opportunities.get(index)?;
    let id = fresh_opportunity_id(doc, text);
    let mut opportunity = Opportunity::new(&id, text.trim());
    opportunity.steps = vec![step.id.clone()];
    let mut opportunities = doc.opportunities().to_vec();
    opportunities.push(opportunity);
    let mut left = step.opportunities.clone();
    left.remove(index);
    let edit = Edit::Batch {
        label: "Promote to opportunity".to_owned(),
        edits: vec![
            Edit::SetFrame(FrameValue::Opportunities(opportunities)),
            Edit::SetStep {
                id: step.id.clone(),
                value: StepValue::Opportunities(left),
            },
        ],
    };
    Some((edit, id))
}

/// The edit that adds an opportunity called `title` linked to `steps`, and its id.
pub fn add_opportunity(doc: &Document, title: &str, steps: &[String]) -> (Edit, String) {
    let id = fresh_opportunity_id(doc, title);
    let mut opportunity = Opportunity::new(&id, title);
    opportunity.steps = steps
        .iter()
        .filter(|s| doc.step(s).is_some())
        .cloned()
        .collect();
    let mut opportunities = doc.opportunities().to_vec();
    opportunities.push(opportunity);
    let edit = Edit::Batch {
        label: "Add opportunity".to_owned(),
        edits: vec![Edit::SetFrame(FrameValue::Opportunities(opportunities))],
    };
    (edit, id)
}

/// A fresh opportunity id from `title`: its words in lower case joined by dashes
/// ("Faster refunds" → "faster-refunds"), numbered if taken.
pub fn fresh_opportunity_id(doc: &Document, title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_lowercase)
        .collect();
    let base = if words.is_empty() {
        "opportunity".to_owned()
    } else {
        words.join("-")
    };
    fresh_id(&base, |id| doc.opportunity(id).is_some())
}

/// The edit that changes the opportunity `id` with `change`; `None` if there is no such
/// opportunity or nothing changes. Successive edits merge into one undo step until sealed.
pub fn update_opportunity(
    doc: &Document,
    id: &str,
    change: impl FnOnce(&mut Opportunity),
) -> Option<Edit> {
    let mut opportunities = doc.opportunities().to_vec();
    let opportunity = opportunities.iter_mut().find(|o| o.id == id)?;
    let before = opportunity.clone();
    change(opportunity);
    (*opportunity != before).then(|| Edit::SetFrame(FrameValue::Opportunities(opportunities)))
}

/// The edit that scores the opportunity `id`: its customer value, business value (0–100)
/// and effort (0–5), each `None` for not scored.
pub fn score(
    doc: &Document,
    id: &str,
    customer_value: Option<u8>,
    business_value: Option<u8>,
    effort: Option<u8>,
) -> Option<Edit> {
    update_opportunity(doc, id, |o| {
        o.customer_value = customer_value;
        o.business_value = business_value;
        o.effort = effort;
    })
}

/// The edit that sets the status of the opportunity `id`.
pub fn set_status(doc: &Document, id: &str, status: Status) -> Option<Edit> {
    update_opportunity(doc, id, |o| o.status = status)
}

/// The edit that links the opportunity `id` to the step `step` (`on`) or unlinks it.
pub fn link_step(doc: &Document, id: &str, step: &str, on: bool) -> Option<Edit> {
    doc.step(step)?;
    update_opportunity(doc, id, |o| {
        let linked = o.steps.iter().any(|s| s == step);
        if on && !linked {
            o.steps.push(step.to_owned());
        } else if !on {
            o.steps.retain(|s| s != step);
        }
    })
}

/// The edit that removes the opportunity `id`, and its title; `None` if there is none.
pub fn remove_opportunity(doc: &Document, id: &str) -> Option<(Edit, String)> {
    let mut opportunities = doc.opportunities().to_vec();
    let at = opportunities.iter().position(|o| o.id == id)?;
    let gone = opportunities.remove(at);
    let edit = Edit::Batch {
        label: "Delete opportunity".to_owned(),
        edits: vec![Edit::SetFrame(FrameValue::Opportunities(opportunities))],
    };
    Some((edit, gone.display_title().to_owned()))
}

/// A number of a step that a change (or a scenario) can override.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepNumber {
    /// People brought in by marketing per period.
    Reach,
    /// The share who stay.
    Stay,
    /// New people each person brings per period.
    Referrals,
    /// Money per person at the step per period.
    Revenue,
    /// Cost per person at the step per period (a care agent's time).
    Cost,
    /// The price of a purchase at a buy step.
    Price,
    /// Money per person a tell step's marketing reaches.
    CostPerReach,
    /// A tell step's marketing budget per period.
    Budget,
    /// The share of the previous period's revenue a tell step's marketing spends.
    BudgetShare,
}

impl StepNumber {
    /// Every number, in the order files list them.
    pub const ALL: [Self; 9] = [
        Self::Reach,
        Self::Stay,
        Self::Referrals,
        Self::Revenue,
        Self::Cost,
        Self::Price,
        Self::CostPerReach,
        Self::Budget,
        Self::BudgetShare,
    ];

    /// Its name, as the editor shows it.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Reach => "Reach",
            Self::Stay => "Stay",
            Self::Referrals => "Referrals",
            Self::Revenue => "Revenue per person",
            Self::Cost => "Cost per person",
            Self::Price => "Price",
            Self::CostPerReach => "Cost per person reached",
            Self::Budget => "Marketing budget",
            Self::BudgetShare => "Marketing's share of sales",
        }
    }

    /// Whether it is a share (0..=1) rather than a count or an amount.
    pub const fn is_share(self) -> bool {
        matches!(self, Self::Stay | Self::BudgetShare)
    }

    /// Whether a step of `stage` uses it: a price only at a buy step, marketing's money only
    /// at a tell step (the loop's numbers and money per person everywhere, as the editor has
    /// always offered them).
    pub fn applies_to(self, stage: Stage) -> bool {
        match self {
            Self::Price => stage == Stage::Buy,
            Self::CostPerReach | Self::Budget | Self::BudgetShare => stage == Stage::Tell,
            Self::Reach | Self::Stay | Self::Referrals | Self::Revenue | Self::Cost => true,
        }
    }

    /// Its value in an override, if set.
    pub const fn of(self, o: &StepOverride) -> Option<f64> {
        match self {
            Self::Reach => o.reach,
            Self::Stay => o.stay,
            Self::Referrals => o.referrals,
            Self::Revenue => o.money.revenue,
            Self::Cost => o.money.cost,
            Self::Price => o.money.price,
            Self::CostPerReach => o.money.cost_per_reach,
            Self::Budget => o.money.budget,
            Self::BudgetShare => o.money.budget_share,
        }
    }

    /// Its value as the journey draws it, if set.
    pub fn drawn(self, step: &Step) -> Option<f64> {
        match self {
            Self::Reach => step.reach,
            Self::Stay => step.stay,
            Self::Referrals => step.referrals,
            Self::Revenue => step.money.revenue,
            Self::Cost => step.money.cost,
            Self::Price => step.money.price,
            Self::CostPerReach => step.money.cost_per_reach,
            Self::Budget => step.money.budget,
            Self::BudgetShare => step.money.budget_share,
        }
    }

    const fn set(self, o: &mut StepOverride, value: Option<f64>) {
        match self {
            Self::Reach => o.reach = value,
            Self::Stay => o.stay = value,
            Self::Referrals => o.referrals = value,
            Self::Revenue => o.money.revenue = value,
            Self::Cost => o.money.cost = value,
            Self::Price => o.money.price = value,
            Self::CostPerReach => o.money.cost_per_reach = value,
            Self::Budget => o.money.budget = value,
            Self::BudgetShare => o.money.budget_share = value,
        }
    }
}

/// What a change overrides: a number of a step, or a link's rate.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A number of the step with this id.
    Step(String, StepNumber),
    /// The rate of the link with this id.
    Rate(String),
}

/// Sets the override of `target` in `steps`/`links` to `value`; `None` takes it out (and the
/// entry, once it overrides nothing).
fn set_override(
    steps: &mut Vec<(String, StepOverride)>,
    links: &mut Vec<(String, LinkOverride)>,
    target: &Target,
    value: Option<f64>,
) {
    match target {
        Target::Step(id, number) => {
            if let Some((_, o)) = steps.iter_mut().find(|(s, _)| s == id) {
                number.set(o, value);
            } else if value.is_some() {
                let mut o = StepOverride::default();
                number.set(&mut o, value);
                steps.push((id.clone(), o));
            }
            steps.retain(|(_, o)| {
                StepNumber::ALL.iter().any(|n| n.of(o).is_some()) || !o.extra.is_empty()
            });
        }
        Target::Rate(id) => {
            if let Some((_, o)) = links.iter_mut().find(|(l, _)| l == id) {
                o.rate = value;
            } else if value.is_some() {
                links.push((
                    id.clone(),
                    LinkOverride {
                        rate: value,
                        ..LinkOverride::default()
                    },
                ));
            }
            links.retain(|(_, o)| o.rate.is_some() || !o.extra.is_empty());
        }
    }
}

/// The value `target` has in `change`, if it overrides it.
pub fn override_of(change: &Change, target: &Target) -> Option<f64> {
    match target {
        Target::Step(id, number) => change
            .steps
            .iter()
            .find(|(s, _)| s == id)
            .and_then(|(_, o)| number.of(o)),
        Target::Rate(id) => change
            .links
            .iter()
            .find(|(l, _)| l == id)
            .and_then(|(_, o)| o.rate),
    }
}

/// Every override of `change`, in file order.
pub fn overrides(change: &Change) -> Vec<(Target, f64)> {
    let steps = change.steps.iter().flat_map(|(id, o)| {
        StepNumber::ALL
            .into_iter()
            .filter_map(|n| Some((Target::Step(id.clone(), n), n.of(o)?)))
    });
    let links = change
        .links
        .iter()
        .filter_map(|(id, o)| Some((Target::Rate(id.clone()), o.rate?)));
    steps.chain(links).collect()
}

/// The edit that makes the opportunity `id` change `target` to `value` (`None`: no longer
/// change it). The edit refuses a value out of range.
pub fn set_change(doc: &Document, id: &str, target: &Target, value: Option<f64>) -> Option<Edit> {
    update_opportunity(doc, id, |o| {
        set_override(&mut o.change.steps, &mut o.change.links, target, value);
    })
}

/// The edit that marks the scenario `name` as the to-be journey's numbers (`None`: no
/// scenario is); `None` if it is so already.
pub fn mark_to_be(doc: &Document, name: Option<&str>) -> Option<Edit> {
    let scenarios: Vec<Scenario> = doc
        .scenarios()
        .iter()
        .map(|s| Scenario {
            to_be: Some(s.name.as_str()) == name,
            ..s.clone()
        })
        .collect();
    (scenarios != doc.scenarios()).then(|| Edit::Batch {
        label: match name {
            Some(name) => format!("Mark \"{name}\" as the to-be numbers"),
            None => "Unmark the to-be numbers".to_owned(),
        },
        edits: vec![Edit::SetFrame(FrameValue::Scenarios(scenarios))],
    })
}

/// "3 opportunities".
pub fn count(n: usize) -> String {
    if n == 1 {
        "1 opportunity".to_owned()
    } else {
        format!("{n} opportunities")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builders::fixtures::{applied, doc};
    use crate::model::{Link, ModelError, Stage};

    fn checkout() -> Document {
        let mut d = doc(
            &[
                ("ad", Stage::Tell, [0.0, 0.0]),
                ("pay", Stage::Buy, [100.0, 0.0]),
            ],
            &[("ad", "pay")],
        );
        let mut steps: Vec<Step> = d.steps().iter().map(|s| Step::clone(s)).collect();
        steps[1].opportunities = vec!["One-click payment".into(), "Show the price early".into()];
        let links: Vec<Link> = d.links().iter().map(|l| Link::clone(l)).collect();
        d.set_steps_and_links(steps, links).unwrap();
        d
    }

    #[test]
    fn promoting_turns_the_text_into_a_scored_item_linked_to_its_step() {
        let d = checkout();
        let (edit, id) = promote(&d, d.step("pay").unwrap(), 1).unwrap();
        assert_eq!(id, "show-the-price-early");
        assert_eq!(edit.label(), "Promote to opportunity");
        let after = applied(d.clone(), edit.clone());
        let o = after.opportunity(&id).unwrap();
        assert_eq!(o.title, "Show the price early");
        assert_eq!(o.steps, ["pay"]);
        assert_eq!(o.status, Status::Idea);
        assert_eq!(o.customer_value, None);
        assert_eq!(
            after.step("pay").unwrap().opportunities,
            ["One-click payment"]
        );
        // Undo gives the text back to the step and takes the opportunity away.
        let mut undone = after.clone();
        let inverse = edit.apply(&mut d.clone()).unwrap();
        let _ = inverse.apply(&mut undone).unwrap();
        assert_eq!(undone, d);
        assert!(promote(&d, d.step("pay").unwrap(), 2).is_none());
        // The same text promoted again gets a fresh id.
        let again = applied(d.clone(), promote(&d, d.step("pay").unwrap(), 1).unwrap().0);
        let mut steps: Vec<Step> = again.steps().iter().map(|s| Step::clone(s)).collect();
        steps[1].opportunities.push("Show the price early".into());
        let mut again2 = again.clone();
        let links: Vec<Link> = again.links().iter().map(|l| Link::clone(l)).collect();
        again2.set_steps_and_links(steps, links).unwrap();
        let (_, second) = promote(&again2, again2.step("pay").unwrap(), 1).unwrap();
        assert_eq!(second, "show-the-price-early-2");
    }

    #[test]
    fn an_opportunity_is_scored_given_a_status_and_a_change() {
        let d = checkout();
        let (edit, id) = add_opportunity(&d, "Faster checkout", &["pay".to_owned()]);
        let d = applied(d, edit);
        let d = applied(
            d.clone(),
            score(&d, &id, Some(80), Some(60), Some(2)).unwrap(),
        );
        let o = d.opportunity(&id).unwrap();
        assert_eq!(
            (o.customer_value, o.business_value, o.effort),
            (Some(80), Some(60), Some(2))
        );
        assert_eq!(o.value_per_effort(), Some(35.0));
        assert_eq!(score(&d, &id, Some(80), Some(60), Some(2)), None);
        let d = applied(d.clone(), set_status(&d, &id, Status::Planned).unwrap());
        assert_eq!(d.opportunity(&id).unwrap().status, Status::Planned);
        let rate = Target::Rate("ad-pay".into());
        let d = applied(d.clone(), set_change(&d, &id, &rate, Some(0.2)).unwrap());
        let stay = Target::Step("pay".into(), StepNumber::Stay);
        let d = applied(d.clone(), set_change(&d, &id, &stay, Some(0.5)).unwrap());
        let change = &d.opportunity(&id).unwrap().change;
        assert_eq!(override_of(change, &rate), Some(0.2));
        assert_eq!(
            overrides(change),
            [(stay.clone(), 0.5), (rate.clone(), 0.2)]
        );
        // Taking an override out removes its entry; an empty change is left out of the file.
        let d = applied(d.clone(), set_change(&d, &id, &stay, None).unwrap());
        let d = applied(d.clone(), set_change(&d, &id, &rate, None).unwrap());
        assert!(d.opportunity(&id).unwrap().change.is_empty());
        // A rate above 1 is refused, at its place.
        let bad = set_change(&d, &id, &rate, Some(1.5)).unwrap();
        assert!(matches!(
            bad.apply(&mut d.clone()),
            Err(ModelError::Invalid(p)) if p.path == "opportunities[0].change.links.ad-pay.rate"
        ));
        // A score out of range too.
        let bad = score(&d, &id, Some(101), None, None).unwrap();
        assert!(matches!(
            bad.apply(&mut d.clone()),
            Err(ModelError::Invalid(p)) if p.path == "opportunities[0].customer_value"
        ));
    }

    #[test]
    fn a_change_moves_a_steps_money_and_keeps_it_when_another_number_goes() {
        let d = checkout();
        let (edit, id) = add_opportunity(&d, "Self-service care", &["pay".to_owned()]);
        let d = applied(d, edit);
        let cost = Target::Step("pay".into(), StepNumber::Cost);
        let stay = Target::Step("pay".into(), StepNumber::Stay);
        let d = applied(d.clone(), set_change(&d, &id, &cost, Some(1.5)).unwrap());
        let d = applied(d.clone(), set_change(&d, &id, &stay, Some(0.4)).unwrap());
        let change = &d.opportunity(&id).unwrap().change;
        assert_eq!(change.steps[0].1.money.cost, Some(1.5));
        assert_eq!(
            overrides(change),
            [(stay.clone(), 0.4), (cost.clone(), 1.5)]
        );
        // Taking the stay out leaves the cost (the entry still overrides something).
        let d = applied(d.clone(), set_change(&d, &id, &stay, None).unwrap());
        let change = &d.opportunity(&id).unwrap().change;
        assert_eq!(overrides(change), [(cost.clone(), 1.5)]);
        // A negative cost is refused at its place.
        let bad = set_change(&d, &id, &cost, Some(-1.0)).unwrap();
        assert!(matches!(
            bad.apply(&mut d.clone()),
            Err(ModelError::Invalid(p)) if p.path == "opportunities[0].change.steps.pay.cost"
        ));
        // A price belongs to a buy step, marketing's money to a tell step.
        assert!(StepNumber::Price.applies_to(Stage::Buy));
        assert!(!StepNumber::Price.applies_to(Stage::Care));
        assert!(StepNumber::Budget.applies_to(Stage::Tell));
        assert!(!StepNumber::BudgetShare.applies_to(Stage::Buy));
        assert!(StepNumber::Cost.applies_to(Stage::Care));
    }

    #[test]
    fn steps_are_linked_and_unlinked_and_removing_a_step_unlinks_it() {
        let d = checkout();
        let (edit, id) = add_opportunity(&d, "Faster", &["pay".to_owned(), "gone".to_owned()]);
        let d = applied(d, edit);
        assert_eq!(d.opportunity(&id).unwrap().steps, ["pay"]);
        let d = applied(d.clone(), link_step(&d, &id, "ad", true).unwrap());
        assert_eq!(d.opportunity(&id).unwrap().steps, ["pay", "ad"]);
        assert_eq!(link_step(&d, &id, "ad", true), None);
        assert_eq!(link_step(&d, &id, "nowhere", true), None);
        let d = applied(
            d.clone(),
            set_change(&d, &id, &Target::Rate("ad-pay".into()), Some(0.3)).unwrap(),
        );
        // Deleting the step "ad" (and its link) takes it out of the opportunity; undo puts it
        // back.
        let before = d.clone();
        let mut after = d.clone();
        let undo = Edit::remove_steps(vec!["ad".into()])
            .apply(&mut after)
            .unwrap();
        let o = after.opportunity(&id).unwrap();
        assert_eq!(o.steps, ["pay"]);
        assert!(o.change.is_empty());
        let _ = undo.apply(&mut after).unwrap();
        assert_eq!(after, before);
        let d = applied(d.clone(), link_step(&d, &id, "ad", false).unwrap());
        assert_eq!(d.opportunity(&id).unwrap().steps, ["pay"]);
        let (edit, title) = remove_opportunity(&d, &id).unwrap();
        assert_eq!(title, "Faster");
        let d = applied(d, edit);
        assert!(d.opportunities().is_empty());
        assert!(remove_opportunity(&d, &id).is_none());
    }

    #[test]
    fn one_scenario_at_most_is_the_to_be_journey() {
        let mut d = checkout();
        d.set_scenarios(vec![Scenario::new("crisis"), Scenario::new("better")])
            .unwrap();
        let d = applied(d.clone(), mark_to_be(&d, Some("better")).unwrap());
        let marks: Vec<bool> = d.scenarios().iter().map(|s| s.to_be).collect();
        assert_eq!(marks, [false, true]);
        assert_eq!(mark_to_be(&d, Some("better")), None);
        let d = applied(d.clone(), mark_to_be(&d, None).unwrap());
        assert!(d.scenarios().iter().all(|s| !s.to_be));
        // Two marks are refused at the second.
        let both: Vec<Scenario> = d
            .scenarios()
            .iter()
            .map(|s| Scenario {
                to_be: true,
                ..s.clone()
            })
            .collect();
        assert!(matches!(
            d.clone().set_scenarios(both),
            Err(ModelError::Invalid(p)) if p.path == "scenarios[1].to_be"
        ));
    }

    #[test]
    fn ids_come_from_titles() {
        let d = checkout();
        assert_eq!(
            fresh_opportunity_id(&d, "Show the price, early!"),
            "show-the-price-early"
        );
        assert_eq!(fresh_opportunity_id(&d, "  "), "opportunity");
        assert_eq!(count(1), "1 opportunity");
        assert_eq!(count(3), "3 opportunities");
    }
}
