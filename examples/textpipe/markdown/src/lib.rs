//! Renders a line of markdown as HTML: `# ` headings, `**bold**`, `*em*`
//! and `` `code` ``, escaping `<`, `>` and `&`.

use textpipe_api::{Outcome, Transform, pipeline};
use wasmbind::plugin_export;

pub struct Markdown;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Replaces each pair of `marker` with `<tag>`/`</tag>`; counts the pairs.
fn inline(text: &str, marker: &str, tag: &str, edits: &mut u32) -> String {
    let parts: Vec<&str> = text.split(marker).collect();
    if parts.len() < 3 {
        return text.to_owned();
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let open = i % 2 == 1;
        let last_unpaired = i == parts.len() - 1 && parts.len().is_multiple_of(2);
        if i > 0 {
            if last_unpaired {
                out.push_str(marker);
            } else {
                out.push_str(&if open { format!("<{tag}>") } else { format!("</{tag}>") });
                *edits += u32::from(open);
            }
        }
        out.push_str(part);
    }
    out
}

#[plugin_export]
impl Transform for Markdown {
    fn name() -> String {
        "markdown".into()
    }

    fn apply(line: &str) -> Outcome {
        let mut edits = 0;
        let level = line.chars().take_while(|&c| c == '#').count();
        let (body, heading) = match line.get(level..).and_then(|rest| rest.strip_prefix(' ')) {
            Some(rest) if (1..=6).contains(&level) => (rest, Some(level)),
            _ => (line, None),
        };
        let mut html = escape(body);
        html = inline(&html, "`", "code", &mut edits);
        html = inline(&html, "**", "strong", &mut edits);
        html = inline(&html, "*", "em", &mut edits);
        if let Some(level) = heading {
            edits += 1;
            html = format!("<h{level}>{html}</h{level}>");
        }
        pipeline::count("rendered", 1);
        Outcome { line: Some(html), edits }
    }
}
