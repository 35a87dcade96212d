//! CSV: one row per step, for spreadsheets: its journey-map lanes, then its service
//! blueprint, metrics and the step as it is to be.
//!
//! RFC 4180 as the `csv` crate writes it (fields with commas, quotes or line breaks in
//! quotes, CRLF between records), in UTF-8 starting with a byte-order mark: Excel reads a
//! CSV without one in the system's legacy code page and shows accented letters as
//! mojibake, while `LibreOffice`, Google Sheets and Numbers recognise the mark and drop it.

use std::collections::HashMap;

use crate::model::{Document, Link, short_number};

/// The byte-order mark that tells spreadsheets the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The header row.
pub const HEADER: [&str; 22] = [
    "id",
    "stage",
    "title",
    "notes",
    "emotion",
    "channels",
    "touchpoints",
    "pain points",
    "opportunities",
    "personas",
    "leads to",
    "evidence",
    "frontstage",
    "backstage",
    "support",
    "fail point",
    "wait",
    "wait minutes",
    "metrics",
    "to-be emotion",
    "to-be title",
    "to-be notes",
];

/// The separator of list items inside one cell.
const LIST: &str = "; ";

/// The steps of `doc` as CSV bytes.
pub fn csv(doc: &Document) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    writer.write_record(HEADER)?;
    // Each step's outgoing links in file order, found once rather than per step.
    let mut outgoing: HashMap<&str, Vec<&Link>> = HashMap::new();
    for link in doc.links() {
        outgoing.entry(link.from.as_str()).or_default().push(link);
    }
    for step in doc.steps() {
        let leads_to: Vec<String> = outgoing
            .get(step.id.as_str())
            .into_iter()
            .flatten()
            .filter_map(|l| {
                let to = doc.step(&l.to)?;
                let name = if to.title.is_empty() {
                    &to.id
                } else {
                    &to.title
                };
                Some(match l.rate {
                    Some(rate) => format!("{name} ({:.0}%)", rate * 100.0),
                    None => name.clone(),
                })
            })
            .collect();
        let metrics: Vec<String> = step
            .metrics
            .iter()
            .map(|m| format!("{}: {}", m.display_name(), m.value_text()))
            .collect();
        let personas: Vec<&str> = step
            .personas
            .iter()
            .map(|id| doc.persona(id).map_or(id.as_str(), |p| p.name.as_str()))
            .collect();
        writer.write_record([
            step.id.as_str(),
            step.stage.label(),
            step.title.as_str(),
            step.notes.as_str(),
            &step.emotion.value().to_string(),
            &step.channels.join(LIST),
            &step.touchpoints.join(LIST),
            &step.pain_points.join(LIST),
            &step.opportunities.join(LIST),
            &personas.join(LIST),
            &leads_to.join(LIST),
            &step.evidence.join(LIST),
            &step.frontstage.join(LIST),
            &step.backstage.join(LIST),
            &step.support.join(LIST),
            &step.fail_point.as_ref().map_or(String::new(), |f| {
                if f.note.trim().is_empty() {
                    "yes".to_owned()
                } else {
                    f.note.clone()
                }
            }),
            step.wait.as_ref().map_or("", |w| w.text.as_str()),
            &step
                .wait
                .as_ref()
                .and_then(|w| w.minutes)
                .map_or(String::new(), short_number),
            &metrics.join(LIST),
            &step
                .to_be
                .as_ref()
                .and_then(|t| t.emotion)
                .map_or(String::new(), |e| e.value().to_string()),
            step.to_be.as_ref().map_or("", |t| t.title.as_str()),
            step.to_be.as_ref().map_or("", |t| t.notes.as_str()),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Colour, Emotion, Link, Persona, Stage, Step};

    fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes.strip_prefix(BOM).unwrap()).unwrap();
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn awkward_text_survives_a_round_trip() {
        let mut doc = Document::new("t");
        let mut a = Step::new("a", Stage::Care, "Fix, \"fast\"", [0.0, 0.0]);
        a.notes = "line one\nline two; #3: ok".into();
        a.emotion = Emotion::new(-2).unwrap();
        a.channels = vec!["phone".into(), "e-mail".into()];
        a.pain_points = vec!["Crème brûlée, cold".into()];
        a.personas = vec!["z".into()];
        let b = Step::new("b", Stage::WordOfMouth, "Tell friends", [0.0, 0.0]);
        let c = Step::new("c", Stage::Delight, "", [0.0, 0.0]);
        let mut ab = Link::new("ab", "a", "b");
        ab.rate = Some(0.3);
        doc.set_personas(vec![Persona::new("z", "Zoë, the fan", Colour::default())])
            .unwrap();
        doc.set_steps_and_links(vec![a, b, c], vec![ab, Link::new("ac", "a", "c")])
            .unwrap();
        let bytes = csv(&doc).unwrap();
        assert!(bytes.starts_with(BOM));
        let rows = rows(&bytes);
        assert_eq!(rows[0], HEADER);
        assert_eq!(
            rows[1],
            [
                "a",
                "Care",
                "Fix, \"fast\"",
                "line one\nline two; #3: ok",
                "-2",
                "phone; e-mail",
                "",
                "Crème brûlée, cold",
                "",
                "Zoë, the fan",
                "Tell friends (30%); c",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        );
        assert_eq!(rows[2][1], "Word of mouth");
        assert_eq!(rows.len(), 4);
        // RFC 4180: quotes doubled inside quoted fields, CRLF between records.
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("a,Care,\"Fix, \"\"fast\"\"\",\"line one\nline two; #3: ok\",-2,"));
        assert!(text.contains(",\"Zoë, the fan\","));
        assert!(text.ends_with("\r\nc,Delight,,,0,,,,,,,,,,,,,,,,,\r\n"));
        assert_eq!(text.matches("\r\n").count(), 4);
    }
}
