//! The wasmbind guide: its chapters (`docs/guide/*.md`) are this crate's
//! documentation, so `cargo test --workspace` compiles and runs every Rust
//! block in them as a doc test. A block marked `<!-- file: PATH -->` is
//! also the source of the crate file at `PATH`, which a test holds it to.

#![doc = include_str!("../README.md")]

macro_rules! chapters {
    ($($module:ident $file:literal)*) => {
        $(
            #[doc = include_str!(concat!("../", $file))]
            pub mod $module {}
        )*
        /// Every chapter: its file name and text.
        #[cfg(test)]
        const CHAPTERS: &[(&str, &str)] = &[$(($file, include_str!(concat!("../", $file)))),*];
    };
}

chapters! {
    first_plugin "01-first-plugin.md"
    types "02-types.md"
    errors "03-errors.md"
    testing "04-testing.md"
    plugin_systems "05-plugin-systems.md"
    async_and_threads "06-async-and-threads.md"
    limits_and_security "07-limits-and-security.md"
    evolving "08-evolving.md"
    other_languages "09-other-languages.md"
    cli "10-cli.md"
    performance "11-performance.md"
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::CHAPTERS;

    /// The fenced blocks of `text` that follow a `<!-- file: PATH -->`
    /// line: `(PATH, contents)`.
    fn file_blocks(text: &str) -> Vec<(&str, String)> {
        let mut blocks = Vec::new();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let Some(path) = line.strip_prefix("<!-- file: ").and_then(|rest| rest.strip_suffix(" -->")) else {
                continue;
            };
            assert!(lines.next().is_some_and(|fence| fence.starts_with("```")), "{path}: no block after its marker");
            // Lines rustdoc hides (`# fn main() {}`) are not the file's.
            let body: Vec<&str> =
                lines.by_ref().take_while(|line| *line != "```").filter(|line| !line.starts_with("# ")).collect();
            blocks.push((path, body.join("\n") + "\n"));
        }
        blocks
    }

    #[test]
    fn file_blocks_are_the_files_they_name() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for (chapter, text) in CHAPTERS {
            for (path, block) in file_blocks(text) {
                let file = std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{chapter}: {path}: {e}"));
                assert_eq!(block, file, "{chapter}: the block marked {path} differs from the file");
                checked += 1;
            }
        }
        assert!(checked >= 2, "the first chapter's API and plugin blocks are checked");
    }

    #[test]
    fn chapters_link_to_files_that_exist() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (chapter, text) in CHAPTERS {
            for link in text.split("](").skip(1) {
                let target = link.split([')', '#']).next().unwrap_or_default();
                if target.is_empty() || target.contains("://") {
                    continue;
                }
                assert!(dir.join(target).exists(), "{chapter} links to {target}, which does not exist");
            }
        }
    }
}
