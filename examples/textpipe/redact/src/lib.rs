//! Masks e-mail addresses and long digit runs; drops lines marked `secret:`.
//! The mask character comes from the host's `mask` setting.

use textpipe_api::{Outcome, Transform, pipeline};
use wasmbind::plugin_export;

pub struct Redact;

fn sensitive(word: &str) -> bool {
    let digits = word.chars().filter(char::is_ascii_digit).count();
    word.contains('@') && word.contains('.') || digits >= 6
}

#[plugin_export]
impl Transform for Redact {
    fn name() -> String {
        "redact".into()
    }

    fn apply(line: &str) -> Outcome {
        if line.starts_with("secret:") {
            pipeline::count("dropped", 1);
            return Outcome { line: None, edits: 1 };
        }
        let mask = pipeline::setting("mask").and_then(|m| m.chars().next()).unwrap_or('*');
        let mut edits = 0;
        let words: Vec<String> = line
            .split(' ')
            .map(|word| {
                if sensitive(word) {
                    edits += 1;
                    word.chars().map(|_| mask).collect()
                } else {
                    word.to_owned()
                }
            })
            .collect();
        pipeline::count("masked", edits.into());
        Outcome { line: Some(words.join(" ")), edits }
    }
}
