//! The commands that read and write journey files: check, convert, diff, merge and
//! textconv.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use journey_designer::{compare, export, format, import, model};

use super::args::{ConvertOptions, DiffOutput, PageArg, ViewArg};

pub(crate) fn check(files: &[PathBuf]) -> ExitCode {
    let mut broken = 0;
    for path in files {
        match format::load_file(path) {
            Ok(doc) => {
                eprintln!(
                    "{}: ok ({}, {})",
                    path.display(),
                    model::plural(doc.steps().len(), "step"),
                    model::plural(doc.links().len(), "link")
                );
                // Valid files that cannot be simulated as they stand: warnings, not errors.
                for warning in model::flow_warnings(&doc) {
                    eprintln!("{}: warning: {warning}", path.display());
                }
            }
            Err(err) => {
                broken += 1;
                eprintln!("{}", located(&err));
            }
        }
    }
    if broken == 0 {
        ExitCode::SUCCESS
    } else {
        let total = files.len();
        let verb = if broken == 1 { "is" } else { "are" };
        eprintln!("{broken} of {} {verb} broken", model::plural(total, "file"));
        ExitCode::FAILURE
    }
}

/// One line per problem, each starting with the file's path, as compilers print errors.
pub(crate) fn located(err: &format::FileError) -> String {
    match err {
        format::FileError::Load {
            path,
            source: format::LoadError::Content(errors),
        } => errors
            .iter()
            .map(|e| format!("{}: {e}", path.display()))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

pub(crate) fn convert(
    input: &std::path::Path,
    output: &std::path::Path,
    options: &ConvertOptions,
) -> anyhow::Result<()> {
    let format = match output.extension().and_then(|e| e.to_str()) {
        Some(extension) => export::Format::from_extension(extension).ok_or_else(|| {
            anyhow::anyhow!(
                "cannot write {}: unknown output type \".{extension}\"; use one of {}",
                output.display(),
                export::Format::extension_list()
            )
        })?,
        None => anyhow::bail!(
            "cannot write {}: give the output file an extension, one of {}",
            output.display(),
            export::Format::extension_list()
        ),
    };
    let export_options = export_options(format, options)?;
    let kind = import::Kind::from_path(input);
    let import_options = import_options(kind, options)?;
    let doc = match kind {
        Some(kind) => read_import(input, kind, &import_options)?,
        None => format::load_file(input).map_err(|e| anyhow::anyhow!(located(&e)))?,
    };
    export::write_file(output, &doc, format, &export_options)?;
    Ok(())
}

/// The import options from `--stage` and `--column`, which apply to Mermaid and CSV input
/// only.
pub(crate) fn import_options(
    kind: Option<import::Kind>,
    given: &ConvertOptions,
) -> anyhow::Result<import::Options> {
    let mut options = import::Options::default();
    if kind.is_none() && !given.stages.is_empty() {
        anyhow::bail!("--stage applies to Mermaid (.mmd) and CSV (.csv) input only");
    }
    if kind != Some(import::Kind::Csv) && !given.columns.is_empty() {
        anyhow::bail!("--column applies to CSV (.csv) input only");
    }
    for mapping in &given.stages {
        let Some((section, stage)) = mapping.rsplit_once('=') else {
            anyhow::bail!(
                "--stage {mapping:?}: write SECTION=STAGE, such as --stage \"Go to work=experience\""
            );
        };
        let Some(stage) = import::stage_named(stage) else {
            anyhow::bail!(
                "--stage {mapping:?}: {stage:?} is not a stage; use one of tell, buy, experience, care, delight, word_of_mouth"
            );
        };
        options.stages.push((section.trim().to_owned(), stage));
    }
    for mapping in &given.columns {
        let Some((field, header)) = mapping.split_once('=') else {
            anyhow::bail!("--column {mapping:?}: write FIELD=HEADER, such as --column title=Name");
        };
        let Some(field) = import::table::Field::from_name(field) else {
            anyhow::bail!(
                "--column {mapping:?}: {field:?} is not a field; use one of {}",
                import::table::Field::names()
            );
        };
        options.columns.push((field, header.trim().to_owned()));
    }
    Ok(options)
}

/// Reads a Mermaid or CSV file into a journey; what it could not hold is printed as notes
/// with the file's path and line.
pub(crate) fn read_import(
    path: &std::path::Path,
    kind: import::Kind,
    options: &import::Options,
) -> anyhow::Result<model::Document> {
    let bytes = std::fs::read(path).map_err(|e| {
        anyhow::anyhow!("cannot read {}: {}", path.display(), format::io_reason(&e))
    })?;
    match import::import_bytes(kind, &bytes, options) {
        Ok(imported) => {
            for note in &imported.notes {
                eprintln!("{}:{}: note: {}", path.display(), note.line, note.message);
            }
            Ok(imported.document)
        }
        Err(err) => {
            let lines: Vec<String> = err
                .problems
                .iter()
                .map(|p| format!("{}:{}:{}: {}", path.display(), p.line, p.column, p.message))
                .collect();
            Err(anyhow::anyhow!(lines.join("\n")))
        }
    }
}

/// The export options for `format`; an option that does not apply to it is an error, so a
/// mistyped extension is not silently ignored.
pub(crate) fn export_options(
    format: export::Format,
    given: &ConvertOptions,
) -> anyhow::Result<export::Options> {
    let applies = |flag: &str, yes: bool, to: &str| {
        if yes {
            Ok(())
        } else {
            Err(anyhow::anyhow!(
                "{flag} applies to {to} output only, not to .{}",
                format.extension()
            ))
        }
    };
    let mut options = export::Options::default();
    if let Some(view) = given.view {
        applies("--view", format.is_picture(), ".svg, .png and .pdf")?;
        options.view = match view {
            ViewArg::Canvas => export::View::Canvas,
            ViewArg::Map => export::View::Map,
        };
    }
    if given.frame {
        applies("--frame", format.is_picture(), ".svg, .png and .pdf")?;
        if options.view != export::View::Canvas {
            anyhow::bail!("--frame applies to the canvas view only, not to --view map");
        }
        options.frame = true;
    }
    if given.to_be {
        applies("--to-be", format.is_picture(), ".svg, .png and .pdf")?;
        if options.view != export::View::Map {
            anyhow::bail!("--to-be applies to the journey map only; add --view map");
        }
        options.to_be = true;
    }
    if let Some(scale) = given.scale {
        applies("--scale", format == export::Format::Png, ".png")?;
        options.scale = scale;
    }
    if given.slides {
        applies("--slides", format == export::Format::Pdf, ".pdf")?;
        if options.view != export::View::Canvas || options.frame {
            anyhow::bail!(
                "--slides shows the canvas as presented; leave out --view map and --frame"
            );
        }
        options.slides = true;
    }
    if let Some(page) = given.page {
        applies("--page", format == export::Format::Pdf, ".pdf")?;
        options.page = match page {
            PageArg::Fit => export::Page::Fit,
            PageArg::A4 => export::Page::A4,
            PageArg::Letter => export::Page::Letter,
        };
    }
    Ok(options)
}

/// Exit status 2 for trouble, where 1 has another meaning; the error is printed.
pub(crate) fn or_trouble(result: anyhow::Result<ExitCode>) -> ExitCode {
    result.unwrap_or_else(|err| {
        eprintln!("journey-designer: {err:#}");
        ExitCode::from(2)
    })
}

pub(crate) fn load(path: &std::path::Path) -> anyhow::Result<model::Document> {
    format::load_file(path).map_err(|e| anyhow::anyhow!(located(&e)))
}

pub(crate) fn diff(
    old: &std::path::Path,
    new: &std::path::Path,
    positions: bool,
    output: DiffOutput,
) -> anyhow::Result<ExitCode> {
    let (a, b) = (load(old)?, load(new)?);
    let diff = compare::diff(&a, &b, positions);
    let text = match output {
        DiffOutput::Text => diff.text(),
        DiffOutput::Json => format!("{:#}\n", diff.json()),
    };
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, text.as_bytes()).context("cannot write the changes")?;
    Ok(if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(crate) fn merge(
    base: &std::path::Path,
    ours: &std::path::Path,
    theirs: &std::path::Path,
    output: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    // git gives an empty file as the base when both sides added the journey.
    let base_is_empty = std::fs::metadata(base).is_ok_and(|m| m.len() == 0);
    let base = if base_is_empty {
        model::Document::default()
    } else {
        load(base)?
    };
    let (ours, theirs) = (load(ours)?, load(theirs)?);
    let merged = compare::merge(&base, &ours, &theirs);
    let text = format::to_string(&merged.document);
    if let Some(path) = output {
        format::write_atomic(path, text.as_bytes()).map_err(|e| {
            anyhow::anyhow!("cannot write {}: {}", path.display(), format::io_reason(&e))
        })?;
    } else {
        let mut stdout = std::io::stdout().lock();
        std::io::Write::write_all(&mut stdout, text.as_bytes())
            .context("cannot write the merged journey")?;
    }
    if merged.conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "journey-designer: {}; the merged journey keeps ours at each:",
        model::plural(merged.conflicts.len(), "conflict")
    );
    for conflict in &merged.conflicts {
        eprintln!("  {}", conflict.describe());
    }
    Ok(ExitCode::from(1))
}

pub(crate) fn textconv(path: &std::path::Path, positions: bool) -> anyhow::Result<()> {
    let doc = load(path)?;
    let text = compare::lines(&doc, positions);
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, text.as_bytes()).context("cannot write the journey")?;
    Ok(())
}
