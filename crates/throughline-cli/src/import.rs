//! `throughline import`: a new map from the CRM's configuration, a BPMN model, or a map's
//! JSON.

use std::path::{Path, PathBuf};

use throughline_core::FileKind;

use crate::{Failure, files};

pub fn run(sources: &[PathBuf], output: &Path, name: Option<&str>) -> Result<(), Failure> {
    let inputs: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    files::check_output(output, &inputs)?;
    // A map's own JSON is imported as it is (the format `convert` reads).
    if let [single] = sources
        && is_map_json(single)
    {
        return files::write_map(&files::read(single)?, output);
    }
    // A process model from a BPMN modeler, one file at a time.
    if sources.iter().any(|s| FileKind::of(s) == Some(FileKind::Bpmn)) {
        let [bpmn] = sources else {
            return Err(Failure("import one BPMN file at a time, without CRM files".to_owned()));
        };
        let mut map = files::read(bpmn)?;
        if let Some(name) = name {
            name.clone_into(&mut map.name);
        }
        return files::write_map(&map, output);
    }
    let config = crate::files::read_crm(sources)?;
    let name = name.map_or_else(|| config.journey_name(), str::to_owned);
    let map = throughline_crm::import::map(&config, &name);
    throughline_core::validate::check_map(&map).map_err(|p| {
        Failure(format!("the imported map is not valid at {}: {}", p.path, p.invalid))
    })?;
    files::write_map(&map, output)
}

fn is_map_json(path: &Path) -> bool {
    FileKind::of(path) == Some(FileKind::Json)
        && throughline_files::read_text(path, throughline_files::limits::JSON_MAP)
            .is_ok_and(|t| t.contains("\"throughline/1\""))
}
