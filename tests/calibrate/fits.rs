//! Estimates checked against answers worked out by hand: the shares of small logs, a log cut
//! in the middle of journeys, silence shorter than `lost_after`, referrals and reach.

use std::fmt::Write as _;

use super::logs::{DAY_MS, START_MS, iso};
use super::*;

/// A log of (person, day, event[, referrer]) rows, each at noon of its day.
fn log(rows: &[(&str, i64, &str, &str)]) -> String {
    let mut out = String::from("user_id,timestamp,event,referred_by\n");
    for (person, day, event, referrer) in rows {
        let _ = writeln!(
            out,
            "{person},{},{event},{referrer}",
            iso(START_MS + day * DAY_MS + DAY_MS / 2)
        );
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn a_small_log_gives_the_shares_counted_by_hand() {
    // The log of docs/calibration.md's worked example.
    let text = log(&[
        ("u1", 0, "ad_click_fb", ""),
        ("u2", 0, "ad_click_g", ""),
        ("u3", 0, "page_view", ""),
        ("u1", 1, "order", ""),
        ("u2", 1, "ad_click_g", ""),
        ("u4", 1, "ad_click_g", "u1"),
        ("u1", 2, "club", ""),
        ("u2", 2, "order", ""),
        ("u4", 2, "ad_click_g", ""),
        ("u1", 3, "club", ""),
        ("u5", 3, "ad_click_g", ""),
        ("u3", 3, "page_view", ""),
    ]);
    let dir = temp();
    let path = write(dir.path(), "log.csv", &text);
    let r = fit(&journey(), &[path], &options(1));
    // Days 0 to 3; with lost_after 1 the transitions from days 0, 1 and 2 count.
    assert_eq!(r.counted_periods, 3);
    let ads = step(&r, "ads");
    // At ads at the end of a counted day: u1, u2 (day 0), u2, u4 (day 1), u4 (day 2).
    assert_eq!(ads.at, 5);
    // Stayed: u2 (0 → 1), u4 (1 → 2); lost: u4 (silent on day 3).
    assert!(close(ads.stay.unwrap().value, 2.0 / 5.0));
    assert!(close(ads.leak.unwrap().value, 1.0 / 5.0));
    assert!(close(link(&r, "ads-shop").rate.unwrap().value, 2.0 / 5.0));
    // u4 was referred on day 1 by u1, at ads at the end of day 0.
    assert!(close(ads.referrals.unwrap().value, 1.0 / 5.0));
    // Newcomers at ads after the first day: u5 on day 3, over 3 days.
    assert!(close(ads.reach.unwrap().value, 1.0 / 3.0));
    let shop = step(&r, "shop");
    // u1 (day 1) moved on to the club, u2 (day 2) left.
    assert_eq!(shop.at, 2);
    assert!(close(link(&r, "shop-club").rate.unwrap().value, 0.5));
    assert!(close(shop.leak.unwrap().value, 0.5));
    assert_eq!(r.unmapped_events, [("page_view".to_owned(), 2)]);
    assert_eq!(r.purchases, 2);
    assert!(r.unmapped_steps.is_empty());
    // The leak ranking: one person lost at ads, one at the shop, none at the club.
    let leaks: Vec<(&str, u64)> = r.leaks().iter().map(|s| (s.id.as_str(), s.lost)).collect();
    assert_eq!(leaks, [("ads", 1), ("shop", 1), ("club", 0)]);
}

#[test]
fn a_log_cut_in_the_middle_of_journeys_does_not_inflate_the_leaks() {
    // Everyone stays at the club for ever: a leak of 0. Ten people join on day 0; the log
    // is cut after day `cut`. Everyone is still there at the end of every log.
    let doc = journey();
    for cut in 1..6 {
        let mut rows = Vec::new();
        for p in 0..10 {
            for day in 0..=cut {
                rows.push((format!("u{p}"), day, "club"));
            }
        }
        let rows: Vec<(&str, i64, &str, &str)> = rows
            .iter()
            .map(|(p, d, e)| (p.as_str(), *d, *e, ""))
            .collect();
        let dir = temp();
        let path = write(dir.path(), "log.csv", &log(&rows));
        for lost_after in [1, 2, 3] {
            let r = fit(&doc, std::slice::from_ref(&path), &options(lost_after));
            let club = step(&r, "club");
            assert_eq!(club.lost, 0, "cut {cut}, lost after {lost_after}");
            if let Some(leak) = club.leak {
                assert_eq!(leak.value, 0.0, "cut {cut}, lost after {lost_after}");
                assert_eq!(leak.count, 10 * (cut + 1 - i64::from(lost_after)) as u64);
            } else {
                // Nothing can be counted yet: a log no longer than lost_after periods.
                assert!(cut < i64::from(lost_after));
            }
        }
    }
}

#[test]
fn people_who_left_just_before_the_end_are_censored_not_kept() {
    // u1 is at the shop on days 0..=2 and then silent; the log runs to day 3 (u2).
    // With lost_after 1 u1 is lost at the shop on day 2; with lost_after 2 the log cannot
    // tell yet, and the periods from day 2 on are left out for everyone alike.
    let text = log(&[
        ("u1", 0, "order", ""),
        ("u1", 1, "order", ""),
        ("u1", 2, "order", ""),
        ("u2", 0, "club", ""),
        ("u2", 1, "club", ""),
        ("u2", 2, "club", ""),
        ("u2", 3, "club", ""),
    ]);
    let dir = temp();
    let path = write(dir.path(), "log.csv", &text);
    let doc = journey();
    let one = fit(&doc, std::slice::from_ref(&path), &options(1));
    let shop = step(&one, "shop");
    assert_eq!((shop.at, shop.lost), (3, 1));
    assert!(close(shop.stay.unwrap().value, 2.0 / 3.0));
    let two = fit(&doc, &[path], &options(2));
    let shop = step(&two, "shop");
    assert_eq!((shop.at, shop.lost), (2, 0));
    assert!(close(shop.stay.unwrap().value, 1.0));
    assert_eq!(step(&two, "club").at, 2);
}

#[test]
fn a_silence_shorter_than_lost_after_is_a_stay() {
    // u1 at ads on day 0, silent on day 1, at the shop on day 2; u2 runs the log to day 5.
    let text = log(&[
        ("u1", 0, "ad_click", ""),
        ("u1", 2, "order", ""),
        ("u2", 0, "club", ""),
        ("u2", 5, "club", ""),
    ]);
    let dir = temp();
    let path = write(dir.path(), "log.csv", &text);
    let r = fit(&journey(), std::slice::from_ref(&path), &options(2));
    let ads = step(&r, "ads");
    // Day 0 a stay (silent on day 1), day 1 the move to the shop.
    assert_eq!(ads.at, 2);
    assert!(close(ads.stay.unwrap().value, 0.5));
    assert!(close(link(&r, "ads-shop").rate.unwrap().value, 0.5));
    // With lost_after 1 the silent day means u1 left at ads and came back new at the shop.
    let r = fit(&journey(), &[path], &options(1));
    let ads = step(&r, "ads");
    assert_eq!((ads.at, ads.lost), (1, 1));
    assert_eq!(step(&r, "shop").entered, 1);
}

#[test]
fn drawn_numbers_outside_the_observed_interval_come_first() {
    // Fifty people at ads; forty move to the shop the next day: a rate of 0.8 and a leak of
    // 0.2, each 0.5 from the drawn 0.3 and 0.7; the club's numbers rest on nobody.
    let mut rows: Vec<(String, i64, &str)> = Vec::new();
    for p in 0..50 {
        rows.push((format!("u{p}"), 0, "ad_click"));
        if p < 40 {
            rows.push((format!("u{p}"), 1, "order"));
        }
    }
    rows.push(("keep".to_owned(), 2, "club"));
    let rows: Vec<(&str, i64, &str, &str)> = rows
        .iter()
        .map(|(p, d, e)| (p.as_str(), *d, *e, ""))
        .collect();
    let dir = temp();
    let path = write(dir.path(), "log.csv", &log(&rows));
    let r = fit(&journey(), &[path], &options(1));
    let differences = r.differences();
    let rate = differences
        .iter()
        .position(|d| d.what == "rate of \"ads-shop\"")
        .unwrap();
    assert!(close(differences[rate].observed.value, 0.8));
    assert!(differences[rate].observed.excludes(0.3));
    // No reach was seen after the first day: the drawn 3 a day is infinitely far off.
    assert_eq!(differences[0].what, "reach of \"ads\"");
    assert_eq!(differences[0].size, f64::INFINITY);
    let outside: Vec<bool> = differences
        .iter()
        .map(|d| d.observed.excludes(d.drawn))
        .collect();
    // Among the numbers outside their interval, the biggest differences first.
    let sizes: Vec<f64> = differences
        .iter()
        .filter(|d| d.observed.excludes(d.drawn))
        .map(|d| d.size)
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    // Every number outside its interval before every number inside.
    assert!(outside.windows(2).all(|w| w[0] >= w[1]), "{outside:?}");
}

#[test]
fn a_budgeted_tell_steps_drawn_reach_is_what_its_budget_buys_and_the_fit_prices_the_observed_reach()
{
    // The corpus journey with a price of 20 and marketing at ads of 10 a period plus half of
    // the previous period's revenue, at 1 per person reached. Its own run, by hand (ads keeps
    // nobody, 0.3 move on to the shop, each a purchase):
    //   period 1: reach 10 + 0.5 · 0 = 10;  at ads 10;  purchases 0,          revenue 0
    //   period 2: reach 10 + 0.5 · 0 = 10;  at ads 10;  purchases 0.3 · 10 = 3, revenue 60
    //   period 3: reach 10 + 0.5 · 60 = 40; at ads 40;  purchases 3,           revenue 60
    //   period 4: reach 10 + 0.5 · 60 = 40.
    // The worked example's log spans days 0 to 3, so its reach counts the newcomers of the
    // three days after the first: drawn, (10 + 40 + 40) ÷ 3 = 30 — not the unused `reach` 3.
    let budgeted = format::from_str(
        r#"{"format": "journey-designer", "version": 2,
            "economics": {"price": 20},
            "steps": [
              {"id": "ads", "stage": "tell", "reach": 3.0, "events": ["ad_click*"],
               "cost_per_reach": 1, "budget": 10, "budget_share": 0.5},
              {"id": "shop", "stage": "buy", "stay": 0.1, "events": ["order"]},
              {"id": "club", "stage": "care", "stay": 0.8}],
            "links": [
              {"id": "ads-shop", "from": "ads", "to": "shop", "rate": 0.3},
              {"id": "shop-club", "from": "shop", "to": "club", "rate": 0.5}]}"#,
    )
    .unwrap();
    let text = log(&[
        ("u1", 0, "ad_click_fb", ""),
        ("u2", 1, "ad_click_g", ""),
        ("u3", 3, "ad_click_g", ""),
    ]);
    let dir = temp();
    let path = write(dir.path(), "log.csv", &text);
    let r = fit(&budgeted, std::slice::from_ref(&path), &options(1));
    assert!(
        close(step(&r, "ads").drawn_reach, 30.0),
        "{}",
        step(&r, "ads").drawn_reach
    );
    assert!(close(step(&r, "shop").drawn_reach, 0.0));
    // Newcomers at ads after the first day: u2 and u3, 2 in 3 days. The budget bought 30 a
    // day as drawn, so it buys 2 ÷ 3 at 1 × 30 ÷ (2 ÷ 3) = 45 per person reached.
    assert!(close(step(&r, "ads").reach.unwrap().value, 2.0 / 3.0));
    let cost = step(&r, "ads").cost_per_reach.unwrap();
    assert!((cost - 45.0).abs() < 1e-9, "{cost}");
    let fitted = r.fitted();
    assert_eq!(fitted.steps[0].1.cost_per_reach, Some(cost));
    let used = journey_designer::model::builders::use_observed(&budgeted, &fitted).unwrap();
    let mut after = budgeted.clone();
    let _undo = used.apply(&mut after).unwrap();
    let ads = after.step("ads").unwrap();
    assert_eq!(ads.money.cost_per_reach, Some(cost));
    assert_eq!(
        (ads.money.budget, ads.money.budget_share),
        (Some(10.0), Some(0.5))
    );
    // The same step without a budget: its reach, whatever the revenue.
    let r = fit(&journey(), &[path], &options(1));
    assert!(close(step(&r, "ads").drawn_reach, 3.0));
    assert_eq!(step(&r, "ads").cost_per_reach, None);
    // Over one period after the first it is period 2's alone; over none, period 1's.
    assert!(close(calibrate::fit::drawn_reach(&budgeted, 1)[0], 10.0));
    assert!(close(calibrate::fit::drawn_reach(&budgeted, 2)[0], 25.0));
    assert!(close(calibrate::fit::drawn_reach(&budgeted, 0)[0], 10.0));
    // With an audience of 100, everyone new is scaled by the share not yet reached, N:
    //   period 1: 10 new, N = 10;                     purchases 0,         revenue 0
    //   period 2: 10 · 0.9 = 9 new, N = 19;           purchases 3,         revenue 60
    //   period 3: reach 40, 40 · 0.81 = 32.4, N = 51.4; purchases 0.3 · 9 = 2.7, revenue 54
    //   period 4: reach 10 + 27 = 37, 37 · 0.486 = 17.982.
    // What a log can see at ads is the newcomers: (9 + 32.4 + 17.982) ÷ 3.
    let mut capped = budgeted.clone();
    let _undo = journey_designer::model::Edit::SetFrame(
        journey_designer::model::FrameValue::AudienceSize(Some(100)),
    )
    .apply(&mut capped)
    .unwrap();
    let drawn = calibrate::fit::drawn_reach(&capped, 3)[0];
    assert!((drawn - 59.382 / 3.0).abs() < 1e-9, "{drawn}");
}
