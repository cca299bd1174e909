//! `throughline`: check, convert and explain journey maps from scripts and CI.
//!
//! Exit status: 0 when no finding is an error, 1 when at least one is, 2 when a map cannot be
//! read or written (the message on stderr names the file and the JSON path or the reason).

mod check;
mod files;
mod history;
mod import;
mod merge;
mod output;
mod report;
mod rules;
mod warnings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "throughline",
    version,
    about = "Check, convert and explain Throughline journey maps",
    long_about = "Throughline maps a company's journey from first touch to recognised revenue \
                  and finds where it breaks: handoffs nobody owns, terms each team defines \
                  differently, stages that lead nowhere.\n\nMaps are .throughline files (SQLite) \
                  or .json files in the throughline/1 interchange format."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Refuse an input that holds something the command leaves out (a BPMN flow to an id the
    /// model does not have, say): each is printed as a warning, and with --strict ends the
    /// command with exit status 2 before anything is written.
    #[arg(long, global = true)]
    strict: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse a map and list its findings; exits 1 when any finding is an error.
    Check {
        /// A .json map or a .throughline file.
        map: PathBuf,
        /// `text` for people, `json` (throughline-findings/1) for tools, `sarif` (SARIF
        /// 2.1.0) for CI code scanning.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        #[command(flatten)]
        evidence: Evidence,
    },
    /// Start a map from the CRM's configuration: HubSpot pipelines or the lifecycle stage
    /// property (API JSON), Salesforce value sets, business processes and paths (files or a
    /// project folder), a BPMN 2.0 model from another modeler (.bpmn), or a throughline/1 JSON
    /// map.
    Import {
        /// Files or folders to read.
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// The map to write: .json or .throughline; an existing file is replaced.
        #[arg(short, long)]
        output: PathBuf,
        /// The map's name (default: "HubSpot journey", "Salesforce journey"…).
        #[arg(long)]
        name: Option<String>,
    },
    /// How the journey really runs: a CRM stage history (CSV, Salesforce history, XES) laid
    /// over the map, per stage and transition; exits 1 when any finding is an error.
    Flow {
        /// A .json map or a .throughline file.
        map: PathBuf,
        /// The stage history: a CSV (columns case:concept:name, concept:name, time:timestamp;
        /// or case, activity, timestamp; or named with the options below), a Salesforce
        /// opportunity field history or opportunity history export, an XES file, or an OCEL
        /// 2.0 JSON log (.jsonocel or .json: records of several kinds and their links).
        /// Several files are read as one log.
        #[arg(required = true, num_args = 1..)]
        log: Vec<PathBuf>,
        /// `text` for people, `json` (throughline-flow/1) for tools.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[command(flatten)]
        columns: LogColumns,
    },
    /// Convert a map between .json, .throughline and BPMN 2.0 (.bpmn), chosen by the file
    /// extensions; to .mmd draws it as a Mermaid flowchart, to .svg or .png as a picture.
    /// Onto an existing .throughline file, the difference is applied as one edit in its
    /// history (so copies edited as JSON and written back still merge).
    Convert {
        /// The map to read.
        input: PathBuf,
        /// Where to write it; an existing file is replaced, an existing .throughline edited.
        output: PathBuf,
    },
    /// Merge two copies of a .throughline map edited apart into one, keeping every edit of
    /// both; what had to be resolved (the same field changed in both, a stage removed in one
    /// and connected in the other) is listed.
    Merge {
        /// The first copy (.throughline).
        first: PathBuf,
        /// The second copy (.throughline).
        second: PathBuf,
        /// The merged map to write: .throughline (or .json); never one of the copies.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write the leadership PDF report of a map.
    Report {
        /// A .json map or a .throughline file.
        map: PathBuf,
        /// The PDF to write (`-`: stdout); an existing file is replaced, never one of the
        /// inputs or what is not a regular file.
        #[arg(short, long)]
        output: PathBuf,
        /// Paper size (always landscape).
        #[arg(long, value_enum, default_value_t = PaperSize::A4)]
        paper: PaperSize,
        /// Report on a named version saved in a .throughline file instead of the current map.
        #[arg(long, value_name = "NAME")]
        version: Option<String>,
        /// Say what changed since this named version of a .throughline file: findings fixed
        /// and new, owners and criteria changed.
        #[arg(long, value_name = "VERSION")]
        since: Option<String>,
        #[command(flatten)]
        evidence: Evidence,
    },
    /// Explain the analysis rules: why each matters and how to fix its findings.
    Rules {
        /// One rule id, e.g. handoff-without-owner; all rules when omitted.
        rule: Option<String>,
    },
}

/// What is known of the map from elsewhere, for `check` and `report`: the CRM's stage history
/// and its configuration (for a report, instead of those a .throughline file keeps).
#[derive(Debug, Clone, Default, Args)]
struct Evidence {
    /// A CRM stage history to hold the map against (a CSV, a Salesforce or HubSpot export,
    /// XES or OCEL 2.0): adds how records really move and the findings of the rules on reality
    /// (undocumented-path, unused-transition, sla-breach, handoff-leak, handoff-skipped).
    /// Several files are read as one log: records of several kinds and the links between them
    /// (a Salesforce set, HubSpot contacts and deals).
    #[arg(long, value_name = "LOG", num_args = 1..)]
    events: Vec<PathBuf>,
    #[command(flatten)]
    columns: LogColumns,
    /// The CRM's configuration (HubSpot pipeline or property JSON, Salesforce metadata files
    /// or a project folder): adds the drift findings (crm-value-missing, crm-value-unmapped,
    /// crm-kind-mismatch).
    #[arg(long = "crm", value_name = "SOURCE", num_args = 1..)]
    crm: Vec<PathBuf>,
}

/// A CSV log's columns, when they have other names than the known ones.
#[derive(Debug, Clone, Default, Args)]
struct LogColumns {
    /// The column with the case (record) id.
    #[arg(long, value_name = "COLUMN")]
    case: Option<String>,
    /// The column with the stage value.
    #[arg(long, value_name = "COLUMN")]
    activity: Option<String>,
    /// The column with the time of the change.
    #[arg(long, value_name = "COLUMN")]
    time: Option<String>,
}

impl LogColumns {
    fn columns(self) -> throughline_history::Columns {
        throughline_history::Columns {
            case: self.case,
            activity: self.activity,
            time: self.time,
            record_kinds: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PaperSize {
    A4,
    Letter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

/// mimalloc: the analysis allocates a message per finding, and on maps of thousands of
/// stages the allocator is half of its time with the system one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Leaves what a command is done with to the operating system, which takes a process's memory
/// back at once when it exits (as it does right after): freeing a large map's million strings
/// one by one took a tenth of `check` on 20,000 stages.
fn left_for_exit<T>(done_with: T) {
    std::mem::forget(done_with);
}

/// Whose name goes with edits the command writes into a shared document:
/// `THROUGHLINE_AUTHOR`, else the login name.
fn author() -> Option<String> {
    ["THROUGHLINE_AUTHOR", "USER", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|name| !name.trim().is_empty()))
}

/// A failure that ends the command with exit status 2.
#[derive(Debug)]
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    warnings::set_strict(cli.strict);
    let result = match cli.command {
        Command::Check { map, format, evidence: Evidence { events, columns, crm } } => {
            check::run(&map, format, &events, &columns.columns(), &crm)
        }
        Command::Import { sources, output, name } => {
            import::run(&sources, &output, name.as_deref()).map(|()| ExitCode::SUCCESS)
        }
        Command::Flow { map, log, format, columns } => {
            history::run(&map, &log, format, &columns.columns())
        }
        Command::Convert { input, output } => {
            files::convert(&input, &output).map(|()| ExitCode::SUCCESS)
        }
        Command::Report { map, output, paper, version, since, evidence } => {
            let Evidence { events, columns, crm } = evidence;
            let history = report::History { logs: &events, columns: columns.columns(), crm: &crm };
            report::run(&map, &output, paper, version.as_deref(), since.as_deref(), &history)
                .map(|()| ExitCode::SUCCESS)
        }
        Command::Rules { rule } => rules::run(rule.as_deref()),
        Command::Merge { first, second, output } => {
            merge::run(&first, &second, &output).map(|()| ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|Failure(message)| {
        anstream::eprintln!("{}error:{} {message}", ERROR.render(), ERROR.render_reset());
        ExitCode::from(2)
    })
}

const ERROR: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
