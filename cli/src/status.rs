//! Progress and errors as cargo prints them: a right-aligned bold green
//! verb, or `error:` in bold red, on stderr; colored only on a terminal
//! and without `NO_COLOR`.

use std::io::IsTerminal;

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `   Compiling foo v0.1.0`-style progress: `verb` right-aligned to 12 columns.
pub fn status(verb: &str, message: &str) {
    if color() {
        eprintln!("\x1b[1;32m{verb:>12}\x1b[0m {message}");
    } else {
        eprintln!("{verb:>12} {message}");
    }
}

/// `error: ..`.
pub fn error(message: &str) {
    if color() {
        eprintln!("\x1b[1;31merror\x1b[0m\x1b[1m:\x1b[0m {message}");
    } else {
        eprintln!("error: {message}");
    }
}
