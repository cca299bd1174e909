//! `throughline rules`: the rule catalogue, like a linter's `--explain`.

use std::process::ExitCode;

use anstream::println;
use throughline_core::Rule;

use crate::Failure;

pub fn run(id: Option<&str>) -> Result<ExitCode, Failure> {
    let rules: Vec<Rule> = match id {
        None => Rule::ALL.to_vec(),
        Some(id) => vec![Rule::from_id(id).ok_or_else(|| {
            Failure(format!("no rule \"{id}\"; `throughline rules` lists them all"))
        })?],
    };
    let bold = anstyle::Style::new().bold();
    for (i, rule) in rules.iter().enumerate() {
        let doc = rule.doc();
        if i > 0 {
            println!();
        }
        println!(
            "{bold}{}{bold:#} ({}, {})",
            rule.id(),
            doc.title,
            rule.default_severity().label()
        );
        println!("  Fires when {}.", doc.fires_when);
        println!("  Why it matters: {}", doc.why);
        println!("  Example: {}", doc.example);
        println!("  Fix: {}", doc.fix);
    }
    Ok(ExitCode::SUCCESS)
}
