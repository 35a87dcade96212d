use super::*;
use crate::model::{Colour, Edit, FrameValue, Persona};

/// Steps `(id, stage, emotion)` in this order.
fn journey(steps: &[(&str, Stage, i64)]) -> Document {
    let mut doc = Document::new("t");
    let steps = steps
        .iter()
        .map(|(id, stage, e)| {
            let mut s = Step::new(*id, *stage, *id, [0.0, 0.0]);
            s.emotion = Emotion::new(*e).unwrap();
            s
        })
        .collect();
    doc.set_steps_and_links(steps, vec![]).unwrap();
    doc
}

fn sample() -> Document {
    journey(&[
        ("b1", Stage::Buy, 1),
        ("t1", Stage::Tell, 2),
        ("c1", Stage::Care, -2),
        ("t2", Stage::Tell, 0),
        ("c2", Stage::Care, -1),
    ])
}

#[test]
fn columns_are_stages_in_loop_order_then_document_order() {
    let doc = sample();
    let layout = MapLayout::new(&doc, None);
    let shown: Vec<String> = layout
        .columns
        .iter()
        .map(|c| {
            c.step.map_or(format!("({})", c.stage.as_str()), |s| {
                doc.steps()[s].id.clone()
            })
        })
        .collect();
    assert_eq!(
        shown,
        [
            "t1",
            "t2",
            "b1",
            "(experience)",
            "c1",
            "c2",
            "(delight)",
            "(word_of_mouth)"
        ]
    );
    // Widths: tell 2 columns, then a gap; buy 1; experience empty; care 2; two empty.
    let x = LANE_HEADER_WIDTH;
    assert_eq!(layout.column_x(0), Rangef::new(x, x + COLUMN_WIDTH));
    let buy = x + 2.0 * COLUMN_WIDTH + STAGE_GAP;
    assert_eq!(layout.column_x(2).min, buy);
    let care = buy + COLUMN_WIDTH + STAGE_GAP + EMPTY_COLUMN_WIDTH + STAGE_GAP;
    assert_eq!(layout.column_x(4).min, care);
    let right = care + 2.0 * COLUMN_WIDTH + 2.0 * (STAGE_GAP + EMPTY_COLUMN_WIDTH);
    assert_eq!(layout.size().x, right);
    assert_eq!(
        layout.stages[3].x,
        Rangef::new(care, care + 2.0 * COLUMN_WIDTH)
    );
    assert_eq!(layout.column_of(doc.step_position("c2").unwrap()), Some(5));
}

#[test]
fn lanes_follow_the_saved_order_and_grow_with_their_lists() {
    let mut doc = sample();
    let _ = Edit::SetStep {
        id: "c1".into(),
        value: crate::model::StepValue::PainPoints(vec!["a".into(), "b".into(), "c".into()]),
    }
    .apply(&mut doc)
    .unwrap();
    let _ = Edit::SetFrame(FrameValue::MapLanes(vec![Lane::PainPoints, Lane::Emotion]))
        .apply(&mut doc)
        .unwrap();
    let _ = Edit::SetFrame(FrameValue::HiddenLanes(vec![
        Lane::Channels,
        Lane::Steps,
        Lane::Evidence,
        Lane::Metrics,
        Lane::Frontstage,
        Lane::Backstage,
        Lane::Support,
    ]))
    .apply(&mut doc)
    .unwrap();
    let layout = MapLayout::new(&doc, None);
    let lanes: Vec<Lane> = layout.lanes.iter().map(|l| l.lane).collect();
    assert_eq!(
        lanes,
        [
            Lane::PainPoints,
            Lane::Emotion,
            Lane::Touchpoints,
            Lane::Opportunities
        ]
    );
    let pain = STAGE_HEADER_HEIGHT + 2.0 * CELL_PADDING + 4.0 * LINE_HEIGHT;
    assert_eq!(layout.lanes[0].y, Rangef::new(STAGE_HEADER_HEIGHT, pain));
    assert_eq!(
        layout.lanes[1].y,
        Rangef::new(pain, pain + EMOTION_LANE_HEIGHT)
    );
    assert_eq!(
        layout.lanes[2].y.span(),
        2.0 * CELL_PADDING + LINE_HEIGHT,
        "an empty list lane keeps room for one item"
    );
    assert_eq!(layout.row_of(Lane::Steps), None);
    assert_eq!(layout.cell(4, 1).top(), pain);
}

/// Rows of these lanes, each `h` high, from y = 0.
fn rows(lanes: &[Lane], h: f32) -> Vec<LaneRow> {
    lanes
        .iter()
        .enumerate()
        .map(|(i, lane)| LaneRow {
            lane: *lane,
            y: Rangef::new(i as f32 * h, (i + 1) as f32 * h),
        })
        .collect()
}

#[test]
fn the_blueprint_lines_fall_between_the_sides_of_the_blueprint() {
    use BlueprintLine::{Interaction, InternalInteraction, Visibility};
    let line = |line, y| LineAt { line, y };
    // The blueprint's order: each line on top of the first lane of the next side.
    assert_eq!(
        blueprint_lines(&rows(&Lane::BLUEPRINT, 10.0)),
        [
            line(Interaction, 20.0),
            line(Visibility, 30.0),
            line(InternalInteraction, 40.0)
        ]
    );
    // Frontstage hidden: interaction and visibility fall together above backstage.
    let no_front = [Lane::Steps, Lane::Backstage, Lane::Support];
    assert_eq!(
        blueprint_lines(&rows(&no_front, 10.0)),
        [
            line(Interaction, 10.0),
            line(Visibility, 10.0),
            line(InternalInteraction, 20.0)
        ]
    );
    // Lanes on no side (opportunities, metrics) are passed over: the line is drawn on
    // top of frontstage, below them.
    let default = Lane::shown(&[], &[]);
    let front = default.iter().position(|l| *l == Lane::Frontstage).unwrap();
    assert_eq!(
        blueprint_lines(&rows(&default, 10.0))[0],
        line(Interaction, front as f32 * 10.0)
    );
    // Out of the blueprint's order: only where a later side follows an earlier one.
    let shuffled = [Lane::Support, Lane::Steps, Lane::Backstage];
    assert_eq!(
        blueprint_lines(&rows(&shuffled, 10.0)),
        [line(Interaction, 20.0), line(Visibility, 20.0)]
    );
    // No frontstage, backstage or support: no line.
    assert_eq!(
        blueprint_lines(&rows(&[Lane::Steps, Lane::Emotion], 10.0)),
        []
    );
}

#[test]
fn the_map_lays_its_lines_along_the_lanes_it_shows() {
    let mut doc = sample();
    let _ =
        crate::model::builders::lane_preset(&doc, crate::model::builders::LanePreset::Blueprint)
            .unwrap()
            .apply(&mut doc)
            .unwrap();
    let layout = MapLayout::new(&doc, None);
    // Evidence (empty: one line of room), the steps, then frontstage, backstage, support.
    let list = list_lane_height(0);
    let interaction = STAGE_HEADER_HEIGHT + list + STEPS_LANE_HEIGHT;
    let ys: Vec<f32> = layout.lines.iter().map(|l| l.y).collect();
    assert_eq!(
        ys,
        [interaction, interaction + list, interaction + 2.0 * list]
    );
    for (at, lane) in layout
        .lines
        .iter()
        .zip([Lane::Frontstage, Lane::Backstage, Lane::Support])
    {
        assert_eq!(at.y, layout.lanes[layout.row_of(lane).unwrap()].y.min);
    }
    // A wait under a step makes room for its line in the steps lane.
    let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
    steps[0].wait = Some(Box::default());
    steps[1].fail_point = Some(Box::default());
    steps[1].wait = Some(Box::default());
    doc.set_steps_and_links(steps, vec![]).unwrap();
    let layout = MapLayout::new(&doc, None);
    assert_eq!(layout.badge_rows, 2);
    assert_eq!(layout.lines[0].y, interaction + 2.0 * STEP_BADGE_HEIGHT);
}

#[test]
fn the_to_be_curve_follows_the_to_be_emotions() {
    let mut doc = sample();
    let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
    // c1 (−2) is to be +1; t2 (0) to be +2 with a title only for its title.
    steps[2].to_be = Some(Box::new(crate::model::ToBe {
        emotion: Emotion::new(1),
        ..crate::model::ToBe::default()
    }));
    steps[3].to_be = Some(Box::new(crate::model::ToBe {
        emotion: Emotion::new(2),
        ..crate::model::ToBe::default()
    }));
    steps[4].to_be = Some(Box::new(crate::model::ToBe {
        title: "Chat".into(),
        ..crate::model::ToBe::default()
    }));
    doc.set_steps_and_links(steps, vec![]).unwrap();
    assert!(has_to_be(&doc));
    let layout = MapLayout::new(&doc, None);
    let row = Rangef::new(0.0, EMOTION_LANE_HEIGHT);
    let points = to_be_points(&layout, &doc, row, None, 0..layout.columns.len());
    // Columns t1, t2, b1, c1, c2: +2, +2 (to be), +1, +1 (to be), −1 (as today).
    let values: Vec<i8> = points.iter().map(|p| p.emotion.value()).collect();
    assert_eq!(values, [2, 2, 1, 1, -1]);
    for p in &points {
        assert_eq!(p.pos.y, emotion_y(row, f32::from(p.emotion.value())));
        assert_eq!(p.pos.x, layout.column_center(p.column));
    }
    // Happiness: today two of five steps are positive, to be four of five.
    let s = scores(&doc, None);
    assert_eq!((s.happiness, s.to_be_happiness), (Some(0.4), Some(0.8)));
    assert_eq!(scores(&sample(), None).to_be_happiness, None);
}

#[test]
fn the_curve_points_follow_the_steps_emotions() {
    let doc = sample();
    let layout = MapLayout::new(&doc, None);
    let row = Rangef::new(100.0, 100.0 + EMOTION_LANE_HEIGHT);
    let points = curve_points(&layout, &doc, row, None, 0..layout.columns.len());
    let inner = EMOTION_LANE_HEIGHT - 2.0 * EMOTION_PADDING;
    // Closed form: y = top + padding + (2 - emotion) / 4 × inner; x = the column's middle.
    let expected: Vec<(usize, f32, f32)> = [(0, 2.0), (1, 0.0), (2, 1.0), (4, -2.0), (5, -1.0)]
        .into_iter()
        .map(|(c, e)| {
            let x = layout.column_x(c).min + COLUMN_WIDTH / 2.0;
            (c, x, 100.0 + EMOTION_PADDING + (2.0 - e) / 4.0 * inner)
        })
        .collect();
    let got: Vec<(usize, f32, f32)> = points
        .iter()
        .map(|p| (p.column, p.pos.x, p.pos.y))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(points[0].pos.y, row.min + EMOTION_PADDING, "+2 at the top");
    assert_eq!(
        points[3].pos.y,
        row.max - EMOTION_PADDING,
        "-2 at the bottom"
    );
    for p in &points {
        assert_eq!(emotion_at(row, p.pos.y), p.emotion);
        assert_eq!(emotion_at(row, p.pos.y + 0.2 * inner / 4.0), p.emotion);
    }
    assert_eq!(emotion_at(row, row.min - 50.0), Emotion::new(2).unwrap());
    assert_eq!(emotion_at(row, row.max + 50.0), Emotion::new(-2).unwrap());
}

#[test]
fn a_curve_is_cut_where_it_crosses_neutral() {
    let doc = sample();
    let layout = MapLayout::new(&doc, None);
    let row = Rangef::new(0.0, EMOTION_LANE_HEIGHT);
    let points = curve_points(&layout, &doc, row, None, 0..layout.columns.len());
    let zero = emotion_y(row, 0.0);
    let segments = signed_segments(&points, zero);
    let signs: Vec<Ordering> = segments.iter().map(|s| s.sign).collect();
    // +2→0 above, 0→+1 above, +1→−2 crosses, −2→−1 below.
    let (above, below) = (Ordering::Greater, Ordering::Less);
    assert_eq!(signs, [above, above, above, below, below]);
    // The crossing is a third of the way from +1 to −2.
    let cross = segments[2].to;
    assert_eq!(cross.y, zero);
    let (a, b) = (points[2].pos, points[3].pos);
    assert!(
        (cross.x - (a.x + (b.x - a.x) / 3.0)).abs() < 1e-3,
        "{cross:?}"
    );
}

fn with_personas() -> Document {
    let mut doc = sample();
    let colour = Colour([0, 0, 0]);
    doc.set_personas(vec![
        Persona::new("early", "Early", colour),
        Persona::new("family", "Family", colour),
    ])
    .unwrap();
    let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
    // t2 is for the family only; at c1 the early adopter feels +1.
    steps[3].personas = vec!["family".into()];
    steps[2].persona_emotions = vec![("early".into(), Emotion::new(1).unwrap())];
    doc.set_steps_and_links(steps, vec![]).unwrap();
    doc
}

#[test]
fn a_persona_filter_shows_its_steps_with_its_emotions() {
    let doc = with_personas();
    let layout = MapLayout::new(&doc, Some("early"));
    let ids: Vec<&str> = layout
        .columns
        .iter()
        .filter_map(|c| c.step)
        .map(|s| doc.steps()[s].id.as_str())
        .collect();
    assert_eq!(ids, ["t1", "b1", "c1", "c2"]);
    assert_eq!(layout.column_of(doc.step_position("t2").unwrap()), None);
    let row = Rangef::new(0.0, EMOTION_LANE_HEIGHT);
    let all = MapLayout::new(&doc, None);
    let family = curve_points(&all, &doc, row, Some("family"), 0..all.columns.len());
    let early = curve_points(&all, &doc, row, Some("early"), 0..all.columns.len());
    let values = |p: &[CurvePoint]| p.iter().map(|p| p.emotion.value()).collect::<Vec<_>>();
    assert_eq!(values(&family), [2, 0, 1, -2, -1]);
    assert_eq!(values(&early), [2, 1, 1, -1]);
}

#[test]
fn scores_by_hand() {
    let doc = sample();
    // Emotions 1, 2, −2, 0, −1: two of five positive.
    let s = scores(&doc, None);
    assert_eq!(s.happiness, Some(0.4));
    assert_eq!(s.stage_average[Stage::Tell.index()], Some(1.0));
    assert_eq!(s.stage_average[Stage::Buy.index()], Some(1.0));
    assert_eq!(s.stage_average[Stage::Care.index()], Some(-1.5));
    assert_eq!(s.stage_average[Stage::Experience.index()], None);
    // The early adopter: t1 +2, b1 +1, c1 +1, c2 −1 (t2 is not theirs): three of four.
    let s = scores(&with_personas(), Some("early"));
    assert_eq!(s.happiness, Some(0.75));
    assert_eq!(s.stage_average[Stage::Tell.index()], Some(2.0));
    assert_eq!(s.stage_average[Stage::Care.index()], Some(0.0));
    assert_eq!(scores(&Document::new("empty"), None).happiness, None);
}

#[test]
fn only_the_columns_on_screen_are_visited() {
    let doc = crate::model::generate::journey(10_000, 0, 7);
    let layout = MapLayout::new(&doc, None);
    let start = layout.column_x(5000).min + 1.0;
    let visible = layout.visible_columns(Rangef::new(start, start + 3.0 * COLUMN_WIDTH));
    assert_eq!(visible, 5000..5004);
    assert_eq!(
        layout.visible_columns(Rangef::new(0.0, LANE_HEADER_WIDTH)),
        0..0
    );
    assert_eq!(layout.column_at(start), Some(5000));
    assert_eq!(
        layout
            .column_at(layout.column_x(5000).max + 0.5)
            .map(|c| c >= 5000),
        Some(true)
    );
}

/// The map's rectangle in a 1280×800 window with the inspector open: below the menu,
/// the toolbar and the map's own header, above the status bar, left of the inspector.
fn central_rect_beside_the_inspector() -> Rect {
    Rect::from_min_max(pos2(0.0, 92.0), pos2(1280.0 - 328.0, 775.0))
}

#[test]
fn fit_shows_every_column_of_each_template_beside_the_inspector() {
    let viewport = central_rect_beside_the_inspector();
    for template in crate::format::TEMPLATES {
        let doc = template.load().unwrap();
        let layout = MapLayout::new(&doc, None);
        let mut view = MapView {
            zoom: 1.0,
            offset: vec2(300.0, 0.0),
        };
        assert!(
            layout.size().x > viewport.width(),
            "{}: at 100 % the map is wider than the view",
            template.name
        );
        view.fit(layout.size(), viewport);
        assert!(view.zoom < 1.0, "{}", template.name);
        assert_eq!(view.offset.x, 0.0);
        for (c, column) in layout.columns.iter().enumerate() {
            // The whole column: its stage header and every lane.
            let rect = Rect::from_x_y_ranges(layout.column_x(c), Rangef::new(0.0, layout.size().y));
            let on_screen = view.screen_rect(viewport, rect);
            assert!(
                viewport.contains_rect(on_screen),
                "{}: {column:?} at {on_screen:?} outside {viewport:?}",
                template.name
            );
        }
        // Every column's x is among those the frame draws.
        assert_eq!(
            layout.visible_columns(view.visible_x(viewport)),
            0..layout.columns.len()
        );
    }
}

#[test]
fn fit_never_blows_a_small_map_up_nor_shrinks_a_huge_one_past_legibility() {
    let viewport = central_rect_beside_the_inspector();
    // One step and five empty stages fit a full-width window at 100 %.
    let small = MapLayout::new(&journey(&[("t", Stage::Tell, 0)]), None);
    let wide = Rect::from_min_size(pos2(0.0, 92.0), vec2(1280.0, 683.0));
    assert!(small.size().x < wide.width());
    assert_eq!(MapView::fit_zoom(small.size(), wide), 1.0);
    let huge = MapLayout::new(&crate::model::generate::journey(1000, 0, 3), None);
    assert_eq!(
        MapView::fit_zoom(huge.size(), viewport),
        *ZOOM_RANGE.start()
    );
}

#[test]
fn zooming_keeps_the_point_under_the_pointer_and_scales_the_columns() {
    let doc = sample();
    let layout = MapLayout::new(&doc, None);
    let viewport = Rect::from_min_size(pos2(10.0, 40.0), vec2(500.0, 400.0));
    let mut view = MapView::default();
    let column = layout.column_x(2);
    let anchor = view.screen_pos(viewport, pos2(column.center(), 100.0));
    view.zoom_at(viewport, anchor, 1.5, layout.size());
    assert_eq!(view.zoom, 1.5);
    let after = view.screen_pos(viewport, pos2(column.center(), 100.0));
    assert!((after - anchor).length() < 1e-3, "{after:?} vs {anchor:?}");
    let steps = layout.row_of(Lane::Steps).unwrap();
    let rect = view.screen_rect(viewport, layout.cell(2, steps));
    assert!((rect.width() - COLUMN_WIDTH * 1.5).abs() < 1e-3);
    assert!((rect.height() - STEPS_LANE_HEIGHT * 1.5).abs() < 1e-3);
    let back = view.map_pos(viewport, rect.center());
    assert!((back - layout.cell(2, steps).center()).length() < 1e-3);
    view.zoom_at(viewport, anchor, 100.0, layout.size());
    assert_eq!(view.zoom, *ZOOM_RANGE.end());
}

#[test]
fn a_dropped_step_lands_before_the_step_under_the_pointer() {
    let doc = sample();
    let layout = MapLayout::new(&doc, None);
    let idx = |id: &str| doc.step_position(id);
    // Left half of t2's column: before t2; right half: end of tell.
    let t2 = layout.column_x(1);
    assert_eq!(layout.drop_target(t2.min + 5.0), (Stage::Tell, idx("t2")));
    assert_eq!(layout.drop_target(t2.max - 5.0), (Stage::Tell, None));
    // The empty experience column, and the gap just right of buy (nearest: buy).
    let exp = layout.column_x(3);
    assert_eq!(layout.drop_target(exp.center()), (Stage::Experience, None));
    assert_eq!(
        layout.drop_target(layout.column_x(2).max + 2.0),
        (Stage::Buy, None)
    );
    // Far left of the map: before the first step of tell.
    assert_eq!(layout.drop_target(0.0), (Stage::Tell, idx("t1")));
}
