//! Mermaid's `journey` diagram read as Mermaid reads it.
//!
//! The lines follow Mermaid's own grammar (`packages/mermaid/src/diagrams/user-journey/
//! parser/journey.jison` and the preprocessing before it): front matter between `---`
//! lines may give the title; `%%` starts a comment line and `%%{…}%%` a directive; keywords
//! are read in any case, after any indentation; `title …`, `accTitle: …`, `accDescr: …` (or
//! `accDescr { … }` over several lines), `section …` and tasks `Name: score: actor, actor`.
//! A task's name ends at `:`, `#` or `;`; `#` starts a comment that runs to the end of the
//! line, except in an entity such as `#58;` (`:`), which Mermaid decodes; `;` is not allowed.
//!
//! Sections become stages (by name, or by [`Options::stages`]); scores 1–5 become emotions
//! −2…+2; actors become personas listed on their steps. What the journey cannot hold —
//! accessibility titles and descriptions, directives, whatever follows the actors — is a
//! [`Note`].

use super::{ImportError, Imported, Note, Options, People, Problem, lay_out, slug, stage_names};
use crate::model::builders::fresh_id;
use crate::model::{Document, Emotion, Stage, Step};

/// Reads a Mermaid `journey` diagram.
pub fn import(text: &str, options: &Options) -> Result<Imported, ImportError> {
    let mut reader = Reader {
        options,
        notes: Vec::new(),
        problems: Vec::new(),
        unmapped: Vec::new(),
        title: None,
        section: None,
        tasks: Vec::new(),
        people: People::default(),
    };
    reader.read(text);
    reader.finish()
}

/// A section being read: its name, where, and the stage it stands for.
struct Section {
    stage: Option<Stage>,
}

/// A task read: what becomes a step.
struct Task {
    title: String,
    stage: Stage,
    emotion: Emotion,
    actors: Vec<String>,
}

struct Reader<'o> {
    options: &'o Options,
    notes: Vec<Note>,
    problems: Vec<Problem>,
    unmapped: Vec<String>,
    /// The title from a `title` line, else from the front matter.
    title: Option<String>,
    /// The section tasks go into, once there is one.
    section: Option<Section>,
    tasks: Vec<Task>,
    people: People,
}

impl Reader<'_> {
    fn problem(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            column,
            message: message.into(),
        });
    }

    fn note(&mut self, line: usize, message: impl Into<String>) {
        self.notes.push(Note {
            line,
            message: message.into(),
        });
    }

    fn read(&mut self, text: &str) {
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        // Whether the `journey` line has been read.
        let mut started = false;
        // The line of an `accDescr {` not closed yet.
        let mut description: Option<usize> = None;
        // Whether a `%%{` directive is open.
        let mut directive = false;
        let mut n = 0;
        while n < lines.len() {
            let line = lines[n];
            let number = n + 1;
            n += 1;
            let trimmed = line.trim();
            if description.is_some() {
                if let Some(at) = line.find('}') {
                    description = self.statements(number, line, at + 1);
                }
                continue;
            }
            if directive {
                directive = !trimmed.contains("}%%");
                continue;
            }
            if trimmed.is_empty() || (trimmed.starts_with("%%") && !trimmed.starts_with("%%{")) {
                continue;
            }
            if trimmed.starts_with("%%{") {
                self.note(
                    number,
                    "the %%{…}%% directive is not kept: it sets how Mermaid draws, and a journey has its own look",
                );
                directive = !trimmed.contains("}%%");
                continue;
            }
            if started {
                description = self.statements(number, line, 0);
                continue;
            }
            if trimmed == "---" {
                let Some(next) = self.front_matter(&lines, n, number) else {
                    return;
                };
                n = next;
                continue;
            }
            let start = line.len() - line.trim_start().len();
            if starts_with_ci(&line[start..], "journey") {
                started = true;
                description = self.statements(number, line, start + "journey".len());
            } else {
                self.problem(
                    number,
                    column_of(line, start),
                    format!("a Mermaid journey diagram starts with `journey`, found {trimmed:?}"),
                );
                return;
            }
        }
        if let Some(since) = description {
            self.problem(since, 1, "this `accDescr {` is not closed with `}`");
        } else if !started {
            self.problem(
                lines.len().max(1),
                1,
                "there is no `journey` line; a Mermaid journey diagram starts with `journey`",
            );
        }
    }

    /// Reads front matter from the line after its opening `---` (index `from`, the opening
    /// line being `opening`); returns the index of the line after the closing `---`, or
    /// `None` when there is none.
    fn front_matter(&mut self, lines: &[&str], from: usize, opening: usize) -> Option<usize> {
        let Some(end) = lines[from..].iter().position(|l| l.trim() == "---") else {
            self.problem(
                opening,
                1,
                "the front matter that starts here is not closed with `---`",
            );
            return None;
        };
        let body = &lines[from..from + end];
        // Top-level keys are the least indented (a block quoted in a page may be indented
        // as a whole); deeper ones belong to the key above them.
        let indent = |l: &str| l.len() - l.trim_start().len();
        let top = body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indent(l))
            .min()
            .unwrap_or(0);
        for (i, line) in body.iter().enumerate() {
            let number = from + i + 1;
            if line.trim().is_empty() || indent(line) > top || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if key.trim() == "title" {
                let value = value.trim();
                let unquoted = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                    .unwrap_or(value);
                if self.title.is_none() {
                    self.title = Some(decode(unquoted.trim(), &mut Vec::new()));
                }
            } else {
                let key = key.trim();
                self.note(
                    number,
                    format!("the front matter's `{key}` is not kept: it sets how Mermaid draws"),
                );
            }
        }
        Some(from + end + 1)
    }

    /// Reads the statements of line `number` from byte `start`. Returns the line number if
    /// an `accDescr {` opened here and runs on.
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per statement of Mermaid's grammar, read in one place"
    )]
    fn statements(&mut self, number: usize, line: &str, start: usize) -> Option<usize> {
        let mut pos = start;
        let mut read_one = false;
        loop {
            pos += line[pos..].len() - line[pos..].trim_start().len();
            let rest = &line[pos..];
            if rest.is_empty() {
                return None;
            }
            let column = column_of(line, pos);
            if rest.starts_with("%%")
                || (rest.len() > 2
                    && !rest.starts_with('}')
                    && rest[first_len(rest)..].starts_with("%%"))
            {
                // A comment to the end of the line.
                return None;
            }
            if rest.starts_with('#') && entity_len(rest).is_none() {
                if read_one {
                    self.note(
                        number,
                        format!("{rest:?} is a comment in Mermaid (it starts with #) and was left out; write #35; for a # in text"),
                    );
                }
                return None;
            }
            if rest.starts_with(';') {
                self.problem(
                    number,
                    column,
                    "Mermaid does not allow `;` here; write #59; for a semicolon in text",
                );
                return None;
            }
            if rest.starts_with(':') {
                self.problem(
                    number,
                    column,
                    "a task needs a name before its `:`, as in `Make tea: 5: Me`",
                );
                return None;
            }
            if starts_with_ci(rest, "journey") {
                self.problem(number, column, "`journey` starts the diagram and may come only once; a task named so must be written #106;ourney");
                return None;
            }
            read_one = true;
            if let Some(after) = keyword_value(rest, "title", true) {
                let end = scan(after, &['#', ';']);
                let value = decode(after[..end].trim(), &mut Vec::new());
                self.title = Some(value);
                pos = line.len() - after.len() + end;
                continue;
            }
            if let Some(after) = acc_keyword(rest, "accTitle", ':') {
                let value = after.trim();
                self.note(
                    number,
                    format!("accTitle {value:?} is not kept: a journey has no accessible title apart from its title"),
                );
                return None;
            }
            if let Some(after) = acc_keyword(rest, "accDescr", ':') {
                let value = after.trim();
                self.note(
                    number,
                    format!(
                        "accDescr {value:?} is not kept: a journey has no accessible description"
                    ),
                );
                return None;
            }
            if let Some(after) = acc_keyword(rest, "accDescr", '{') {
                self.note(
                    number,
                    "the accDescr { … } description is not kept: a journey has no accessible description",
                );
                return match after.find('}') {
                    Some(close) => {
                        let at = line.len() - after.len() + close + 1;
                        self.statements(number, line, at)
                    }
                    None => Some(number),
                };
            }
            if let Some(after) = keyword_value(rest, "section", true) {
                let end = scan(after, &['#', ':', ';']);
                let name_at = line.len() - after.len();
                let name = decode(after[..end].trim(), &mut Vec::new());
                self.section(number, column_of(line, name_at + leading(after)), &name);
                pos = name_at + end;
                if after[end..].starts_with(':') {
                    self.problem(
                        number,
                        column_of(line, pos),
                        "a section's name ends here: a `:` cannot follow it on the same line",
                    );
                    return None;
                }
                continue;
            }
            pos = self.task(number, line, pos)?;
        }
    }

    /// Starts the section `name`, named at `column` of line `number`.
    fn section(&mut self, number: usize, column: usize, name: &str) {
        let stage = self.options.stage(name);
        if stage.is_none() {
            if !self.unmapped.iter().any(|u| u == name) {
                self.unmapped.push(name.to_owned());
            }
            self.problem(
                number,
                column,
                format!(
                    "the section {name:?} is not a stage of the service loop; name it after one of {}, or map it with --stage \"{name}=tell\"",
                    stage_names()
                ),
            );
        }
        self.section = Some(Section { stage });
    }

    /// Reads a task from byte `pos` of the line; returns where the line goes on, or `None`
    /// when it ends here.
    fn task(&mut self, number: usize, line: &str, pos: usize) -> Option<usize> {
        let rest = &line[pos..];
        let column = column_of(line, pos);
        let end = scan(rest, &['#', ':', ';']);
        let mut unknown = Vec::new();
        let name = decode(rest[..end].trim(), &mut unknown);
        if rest[end..].starts_with(';') {
            self.problem(
                number,
                column_of(line, pos + end),
                "Mermaid does not allow `;` here; write #59; for a semicolon in text",
            );
            return None;
        }
        if !rest[end..].starts_with(':') {
            self.problem(
                number,
                column,
                format!("the task {name:?} needs a score after a `:`, as in `{name}: 3`"),
            );
            return None;
        }
        let data_at = pos + end + 1;
        let data_len = scan(&line[data_at..], &['#', ';']);
        let data = &line[data_at..data_at + data_len];
        let mut pieces = data.split(':');
        let score_text = pieces.next().unwrap_or_default();
        let score_column = column_of(line, data_at + leading(score_text));
        let actors: Vec<String> = pieces
            .next()
            .map(|a| {
                a.split(',')
                    .map(|actor| decode(actor.trim(), &mut unknown))
                    .filter(|actor| !actor.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let extra: Vec<&str> = pieces.collect();
        if !extra.is_empty() {
            self.note(
                number,
                format!(
                    "Mermaid reads only a task's score and actors; \":{}\" after them was left out",
                    extra.join(":")
                ),
            );
        }
        for entity in unknown {
            self.note(
                number,
                format!("{entity} is not a character Mermaid knows; it was kept as written"),
            );
        }
        let score = score_text.trim();
        let emotion = if let Ok(s @ 1..=5) = score.strip_prefix('+').unwrap_or(score).parse::<i8>()
        {
            Emotion::new(i64::from(s) - 3)
        } else {
            self.problem(
                number,
                score_column,
                format!(
                    "the score of {name:?} must be a whole number from 1 to 5, found {score:?}"
                ),
            );
            None
        };
        match self.section.as_ref().map(|s| s.stage) {
            None => self.problem(
                number,
                column,
                format!(
                    "the task {name:?} comes before any section; put it under a section named after a stage ({})",
                    stage_names()
                ),
            ),
            Some(Some(stage)) => {
                if let Some(emotion) = emotion {
                    let mut people = Vec::new();
                    for actor in &actors {
                        if people.contains(actor) {
                            self.note(number, format!("{actor:?} is listed twice; a step lists a persona once"));
                        } else {
                            people.push(actor.clone());
                        }
                    }
                    self.tasks.push(Task {
                        title: name,
                        stage,
                        emotion,
                        actors: people,
                    });
                }
            }
            // The section's own problem says what to do.
            Some(None) => {}
        }
        let after = data_at + data_len;
        (after < line.len()).then_some(after)
    }

    fn finish(mut self) -> Result<Imported, ImportError> {
        if !self.problems.is_empty() {
            self.problems.sort_by_key(|p| (p.line, p.column));
            return Err(ImportError::new(self.problems, self.unmapped));
        }
        let mut steps: Vec<Step> = Vec::with_capacity(self.tasks.len());
        let mut taken = std::collections::HashSet::new();
        for task in self.tasks {
            let id = fresh_id(&slug(&task.title, "step"), |id| taken.contains(id));
            taken.insert(id.clone());
            let mut step = Step::new(id, task.stage, task.title, [0.0, 0.0]);
            step.emotion = task.emotion;
            step.personas = task.actors.iter().map(|a| self.people.id(a)).collect();
            steps.push(step);
        }
        let mut document = Document::new(self.title.unwrap_or_default());
        let built = document
            .set_personas(self.people.personas)
            .and_then(|()| document.set_steps_and_links(steps, Vec::new()));
        if let Err(err) = built {
            // Fresh ids and personas made here keep every rule; say so if one ever does not.
            return Err(ImportError::new(
                vec![Problem {
                    line: 1,
                    column: 1,
                    message: format!("the journey read could not be built: {err}"),
                }],
                Vec::new(),
            ));
        }
        lay_out(&mut document);
        Ok(Imported {
            document,
            notes: self.notes,
        })
    }
}

/// Whether `text` starts with `word` in any case.
fn starts_with_ci(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word))
}

/// The text after `keyword` and the whitespace Mermaid requires after it (`title X`), if
/// `text` starts with them.
fn keyword_value<'t>(text: &'t str, keyword: &str, _space: bool) -> Option<&'t str> {
    if !starts_with_ci(text, keyword) {
        return None;
    }
    let after = &text[keyword.len()..];
    let first = after.chars().next()?;
    if !first.is_whitespace() {
        return None;
    }
    // Mermaid needs something after the space.
    let value = &after[first.len_utf8()..];
    let end = scan(value, &['#', ';']);
    (!value[..end].is_empty()).then_some(value)
}

/// The text after `keyword`, optional spaces and `mark` (`accTitle: X`, `accDescr {`).
fn acc_keyword<'t>(text: &'t str, keyword: &str, mark: char) -> Option<&'t str> {
    if !starts_with_ci(text, keyword) {
        return None;
    }
    text[keyword.len()..].trim_start().strip_prefix(mark)
}

/// The byte length of the first character of `text`.
fn first_len(text: &str) -> usize {
    text.chars().next().map_or(0, char::len_utf8)
}

/// The bytes of leading whitespace in `text`.
fn leading(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// The 1-based column (in characters) of byte `at` of `line`.
fn column_of(line: &str, at: usize) -> usize {
    line[..at.min(line.len())].chars().count() + 1
}

/// The byte length of an entity (`#58;`, `#amp;`) at the start of `text`, as Mermaid finds
/// them before reading: `#`, letters, digits or `_`, then `;`.
fn entity_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('#')?;
    let end = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    (end > 0 && body[end..].starts_with(';')).then_some(end + 2)
}

/// Where in `text` the first of `stops` is, skipping entities; the length of `text` if none.
fn scan(text: &str, stops: &[char]) -> usize {
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if let Some(len) = entity_len(rest) {
            at += len;
            continue;
        }
        let c = rest.chars().next().unwrap_or('\0');
        if stops.contains(&c) {
            return at;
        }
        at += c.len_utf8();
    }
    text.len()
}

/// Text with Mermaid's entities decoded (`#58;` → `:`, `#amp;` → `&`) and line breaks
/// (`<br>`, `<br/>`) as spaces; entities that are no character are kept as written and
/// listed in `unknown`.
fn decode(text: &str, unknown: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if let Some(len) = entity_len(rest) {
            let body = &rest[1..len - 1];
            let named = match body {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => body.parse::<u32>().ok().and_then(char::from_u32),
            };
            if let Some(c) = named {
                out.push(c);
            } else {
                out.push_str(&rest[..len]);
                unknown.push(rest[..len].to_owned());
            }
            at += len;
            continue;
        }
        if let Some(len) = line_break_len(rest) {
            out.push(' ');
            at += len;
            continue;
        }
        let c = rest.chars().next().unwrap_or('\0');
        out.push(c);
        at += c.len_utf8();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The length of an HTML line break (`<br>`, `<br/>`, `<br />`, any case) at the start.
fn line_break_len(text: &str) -> Option<usize> {
    if !starts_with_ci(text, "<br") {
        return None;
    }
    let close = text.find('>')?;
    text[3..close]
        .chars()
        .all(|c| c == '/' || c.is_whitespace())
        .then_some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_line_breaks_are_decoded() {
        let mut unknown = Vec::new();
        assert_eq!(
            decode("Pay#58; card#44; cash#59; #35;1", &mut unknown),
            "Pay: card, cash; #1"
        );
        assert_eq!(decode("A<br>B<br/>C<BR />D", &mut unknown), "A B C D");
        assert_eq!(decode("50#37;% #amp; more", &mut unknown), "50%% & more");
        assert!(unknown.is_empty());
        assert_eq!(decode("#zz; x", &mut unknown), "#zz; x");
        assert_eq!(unknown, ["#zz;"]);
    }

    #[test]
    fn names_end_where_mermaid_ends_them_but_not_inside_entities() {
        assert_eq!(scan("Pay#58; now: 3", &[':']), 11);
        assert_eq!(scan("A # comment", &['#']), 2);
        assert_eq!(scan("plain", &['#']), 5);
        assert_eq!(entity_len("#58;x"), Some(4));
        assert_eq!(entity_len("#;"), None);
        assert_eq!(entity_len("# 58;"), None);
    }
}
