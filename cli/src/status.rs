//! Progress and errors as cargo prints them: a right-aligned bold green
//! verb, or `error:` in bold red, on stderr; colored only on a terminal
//! and without `NO_COLOR`. Everything the tool prints goes through here,
//! made safe for a terminal first (a plugin's names and records reach it):
//! no escape sequence, carriage return or bidirectional override a plugin
//! wrote reaches the screen.

use std::io::IsTerminal;

use wasmbind_shared::text::{json, terminal};

/// Prints `text` to stdout as it is, but for what a terminal would act on.
pub fn out(text: &str) {
    print!("{}", terminal(text));
}

/// Prints a JSON document (serde_json's output) to stdout, with what a
/// terminal would act on escaped inside its strings.
pub fn out_json(document: &str) {
    println!("{}", json(document));
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `   Compiling foo v0.1.0`-style progress: `verb` right-aligned to 12 columns.
pub fn status(verb: &str, message: &str) {
    let message = terminal(message);
    if color() {
        eprintln!("\x1b[1;32m{verb:>12}\x1b[0m {message}");
    } else {
        eprintln!("{verb:>12} {message}");
    }
}

/// `error: ..`.
pub fn error(message: &str) {
    let message = terminal(message);
    if color() {
        eprintln!("\x1b[1;31merror\x1b[0m\x1b[1m:\x1b[0m {message}");
    } else {
        eprintln!("error: {message}");
    }
}
