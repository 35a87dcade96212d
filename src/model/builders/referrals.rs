//! Referral links: a link that carries the newcomers its start brings by word of mouth (and
//! no people) ends at a tell step, so turning a link into one, or moving a step out of the
//! tell stage, goes through here.

use super::NothingToDo;
use crate::model::{Document, Edit, LinkValue, Stage};

/// The edit that makes the link `id` carry referrals (`on`) or people again. A referral
/// link must end at a tell step; `on` for a link that does not is refused.
pub fn set_referral(doc: &Document, id: &str, on: bool) -> Result<Edit, NothingToDo> {
    let Some(link) = doc.link(id) else {
        return Err(NothingToDo::NoSelection("change"));
    };
    if on && doc.step(&link.to).is_some_and(|s| s.stage != Stage::Tell) {
        return Err(NothingToDo::ReferralNotToTell);
    }
    Ok(Edit::Batch {
        label: if on {
            "Make a referral link".to_owned()
        } else {
            "Make an ordinary link".to_owned()
        },
        edits: vec![super::set_link(id, LinkValue::Referral(on))],
    })
}

/// The edits that come before moving the steps `leaving` out of the tell stage: every
/// referral link ending at one of them becomes an ordinary link without a rate (a rate that
/// split referrals would otherwise start moving people), since a referral link ends at a tell
/// step.
pub(super) fn before_leaving_tell(doc: &Document, leaving: &dyn Fn(&str) -> bool) -> Vec<Edit> {
    doc.links()
        .iter()
        .filter(|l| l.referral && leaving(&l.to))
        .flat_map(|l| {
            [
                super::set_link(&l.id, LinkValue::Referral(false)),
                super::set_link(&l.id, LinkValue::Rate(None)),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builders::fixtures::{applied, doc, ids};
    use crate::model::builders::{change_stage, place_step};

    fn journey() -> Document {
        let d = doc(
            &[
                ("tell", Stage::Tell, [0.0, 0.0]),
                ("buy", Stage::Buy, [1.0, 0.0]),
                ("wom", Stage::WordOfMouth, [2.0, 0.0]),
            ],
            &[("wom", "tell"), ("wom", "buy")],
        );
        let d = applied(
            d,
            super::super::set_link("wom-tell", LinkValue::Rate(Some(0.4))),
        );
        let edit = set_referral(&d, "wom-tell", true).unwrap();
        applied(d, edit)
    }

    #[test]
    fn a_link_carries_referrals_only_into_a_tell_step() {
        let d = journey();
        assert!(d.link("wom-tell").unwrap().referral);
        assert_eq!(d.link("wom-tell").unwrap().rate, Some(0.4));
        assert_eq!(
            set_referral(&d, "wom-buy", true),
            Err(NothingToDo::ReferralNotToTell)
        );
        let edit = set_referral(&d, "wom-tell", false).unwrap();
        let d = applied(d, edit);
        assert!(!d.link("wom-tell").unwrap().referral);
        // The model refuses what the builder would not build, with the validator's words.
        let mut d = d;
        let refused = crate::model::builders::set_link("wom-buy", LinkValue::Referral(true))
            .apply(&mut d)
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "links[1].to: \"buy\" is a buy step; a referral link must end at a tell step"
        );
    }

    #[test]
    fn a_step_leaving_tell_turns_its_referral_links_into_ordinary_ones() {
        let d = journey();
        // A plain stage edit is refused: the referral link would end at a buy step.
        let mut plain = d.clone();
        assert!(
            crate::model::builders::set_step("tell", crate::model::StepValue::Stage(Stage::Buy))
                .apply(&mut plain)
                .is_err()
        );
        let changed = applied(d.clone(), change_stage(&d, &ids(&["tell"]), Stage::Buy));
        let link = changed.link("wom-tell").unwrap();
        assert_eq!((link.referral, link.rate), (false, None));
        assert_eq!(changed.step("tell").unwrap().stage, Stage::Buy);
        let placed = applied(
            d.clone(),
            place_step(&d, "tell", Stage::Care, None).unwrap(),
        );
        assert!(!placed.link("wom-tell").unwrap().referral);
        // Staying a tell step changes no link.
        let same = change_stage(&d, &ids(&["tell", "buy"]), Stage::Tell);
        let Edit::Batch { edits, .. } = same else {
            panic!("a batch");
        };
        assert_eq!(edits.len(), 1);
    }
}
