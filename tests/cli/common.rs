//! Helpers every test module uses.

use std::path::PathBuf;

use assert_cmd::Command;

/// The binary, with the date exam lifecycles are read at pinned and colors off.
pub fn certfit() -> Command {
    let mut cmd = Command::cargo_bin("certfit").unwrap();
    cmd.env("CERTFIT_TODAY", "2026-11-23").env("NO_COLOR", "1");
    cmd
}

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The path of a file under `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}
