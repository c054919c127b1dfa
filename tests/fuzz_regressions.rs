//! Replays every committed fuzz seed (`fuzz/seeds/TARGET/`) and every input
//! that once made a fuzz target fail (`tests/fuzz-regressions/TARGET/`)
//! through the same entry points the fuzz targets call
//! (`pbitoken::fuzzing`), so `cargo test` keeps them passing without a
//! fuzzer or a nightly toolchain.

use std::fs;
use std::path::{Path, PathBuf};

use pbitoken::fuzzing::TARGETS;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file in `dir`, sorted; none when the folder does not exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Feeds each file to its target and names every file that fails;
/// returns how many there were.
fn replay(folder: &str) -> usize {
    let mut count = 0;
    let mut failed = Vec::new();
    for (name, target) in TARGETS {
        for file in inputs(&root().join(folder).join(name)) {
            let data = fs::read(&file).expect("a readable input");
            if std::panic::catch_unwind(|| target(&data)).is_err() {
                failed.push(format!("{name}: {}", file.display()));
            }
            count += 1;
        }
    }
    assert!(failed.is_empty(), "failing inputs:\n{}", failed.join("\n"));
    count
}

#[test]
fn every_seed_passes() {
    for (name, _) in TARGETS {
        assert!(
            !inputs(&root().join("fuzz/seeds").join(name)).is_empty(),
            "no seeds for {name}"
        );
    }
    assert!(replay("fuzz/seeds") >= TARGETS.len());
}

#[test]
fn every_former_crash_passes() {
    assert!(replay("tests/fuzz-regressions") > 0);
}

#[test]
fn every_target_has_a_fuzz_target_file() {
    for (name, _) in TARGETS {
        let file = root().join("fuzz/fuzz_targets").join(format!("{name}.rs"));
        let text = fs::read_to_string(&file).unwrap_or_default();
        assert!(
            text.contains(&format!("pbitoken::fuzzing::{name}(")),
            "{} does not call pbitoken::fuzzing::{name}",
            file.display()
        );
    }
}
