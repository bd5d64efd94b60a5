// An extension that shouts: built to wasm for the editor, natively for its tests.

use notes_api::{Extension, Stats, editor};
use wasmbind::plugin_export;

pub struct Shout;

#[plugin_export]
impl Extension for Shout {
    fn transform(text: &str) -> String {
        editor::log(&format!("shouting {} bytes", text.len()));
        let mark = editor::setting("mark").unwrap_or_else(|| "!".to_owned());
        format!("{}{mark}", text.to_uppercase())
    }

    fn stats(text: &str) -> Stats {
        let words = text.split_whitespace().count() as u32;
        Stats { words, lines: text.lines().count() as u32 }
    }
}
