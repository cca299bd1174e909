//! Writes a large generated map as JSON, for the app's speed measurements and for trying the
//! tools on big maps:
//!
//! ```sh
//! cargo run -p throughline-core --example generate_map -- STAGES TRANSITIONS OUT.json
//! ```

use throughline_core::{generate, json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stages, transitions, out] = args.as_slice() else {
        eprintln!("usage: generate_map STAGES TRANSITIONS OUT.json");
        std::process::exit(2);
    };
    let (Ok(stages), Ok(transitions)) = (stages.parse(), transitions.parse()) else {
        eprintln!("STAGES and TRANSITIONS are whole numbers");
        std::process::exit(2);
    };
    let map = generate::large_map(stages, transitions, 7);
    if let Err(e) = std::fs::write(out, json::to_string(&map)) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
}
