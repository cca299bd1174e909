//! `throughline import`: a new map from the CRM's configuration (or a map's JSON).

use std::path::{Path, PathBuf};

use crate::{Failure, files};

pub fn run(sources: &[PathBuf], output: &Path, name: Option<&str>) -> Result<(), Failure> {
    // A map's own JSON is imported as it is (the format `convert` reads).
    if let [single] = sources
        && is_map_json(single)
    {
        return files::write_map(&files::read(single)?, output);
    }
    if let Some(bpmn) =
        sources.iter().find(|s| s.extension().is_some_and(|e| e.eq_ignore_ascii_case("bpmn")))
    {
        return Err(Failure(format!(
            "{}: BPMN is not read yet; import the CRM's configuration or a throughline/1 JSON map",
            bpmn.display()
        )));
    }
    let config = throughline_crm::read(sources).map_err(|e| Failure(e.to_string()))?;
    let name = name.map_or_else(|| config.journey_name(), str::to_owned);
    let map = throughline_crm::import::map(&config, &name);
    throughline_core::validate::check_map(&map).map_err(|p| {
        Failure(format!("the imported map is not valid at {}: {}", p.path, p.invalid))
    })?;
    files::write_map(&map, output)
}

fn is_map_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
        && std::fs::read_to_string(path).is_ok_and(|t| t.contains("\"throughline/1\""))
}
