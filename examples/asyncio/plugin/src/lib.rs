//! Handles a request through the host's async file functions, which it
//! calls like any other import.

use asyncio_api::{Handler, Request, Summary, files};
use wasmbind::plugin_export;

pub struct Summariser;

#[plugin_export]
impl Handler for Summariser {
    fn handle(request: Request) -> Result<Summary, String> {
        let text = files::read(&request.input)?;
        let (lines, words) = (text.lines().count() as u32, text.split_whitespace().count() as u32);
        files::log(&format!("{}: {lines} lines, {words} words", request.input));
        // Pretend to do slow work: the host's thread serves others meanwhile.
        files::sleep(1 + request.id % 3);
        let report = format!("{}: {lines} lines, {words} words\n", request.input);
        let written = files::write(&request.report, report)?;
        Ok(Summary { id: request.id, lines, words, written })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Mock {
        written: Vec<(String, String)>,
        slept: u32,
    }

    impl asyncio_api::Files for Mock {
        async fn read(&mut self, name: &str) -> Result<String, String> {
            match name {
                "in" => Ok("one two\nthree\n".into()),
                _ => Err(format!("{name}: no such file")),
            }
        }
        async fn write(&mut self, name: &str, text: String) -> Result<u32, String> {
            let len = text.len() as u32;
            self.written.push((name.into(), text));
            Ok(len)
        }
        async fn sleep(&mut self, ms: u32) {
            self.slept += ms;
        }
        fn log(&mut self, _: &str) {}
    }

    #[test]
    fn summarises_natively() {
        let mut host = Mock::default();
        let request = Request { id: 4, input: "in".into(), report: "out".into() };
        let summary = files::with_host(&mut host, || Summariser::handle(request)).expect("handled");
        assert_eq!(summary, Summary { id: 4, lines: 2, words: 3, written: 21 });
        assert_eq!(host.written, [("out".to_owned(), "in: 2 lines, 3 words\n".to_owned())]);
        assert_eq!(host.slept, 2);
        let missing = Request { id: 0, input: "nope".into(), report: "x".into() };
        assert_eq!(files::with_host(&mut host, || Summariser::handle(missing)), Err("nope: no such file".into()));
    }
}
