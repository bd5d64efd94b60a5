//! Implements `io_api::Worker` over the async host functions of `io_api::Io`
//! (which the plugin calls like any other import).

use io_api::{Entry, Point, Worker, clock, io};
use wasmbind::plugin_export;

pub struct Impl;

// Called by name (a registry, listeners): it carries the dispatcher.
#[plugin_export(dispatch)]
impl Worker for Impl {
    fn copy(from: &str, to: &str) -> u32 {
        let Some(value) = io::read(from) else { return u32::MAX };
        io::log(&format!("copy {from} -> {to}"));
        io::write(to.to_owned(), value.into_bytes())
    }

    fn list(count: u32) -> Vec<Entry> {
        io::listing(count)
    }

    fn sum(values: Vec<u32>) -> u64 {
        io::sum(&values)
    }

    fn shift(mut p: Point, times: u32) -> Point {
        for _ in 0..times {
            p = io::shift(p);
        }
        p
    }

    fn checked(n: i32) -> Result<i32, String> {
        io::checked(n)
    }

    fn spin(iterations: u64) -> u64 {
        let mut x = 0u64;
        for i in 0..iterations {
            x = x.wrapping_mul(31).wrapping_add(core::hint::black_box(i));
        }
        x
    }

    fn echo(text: String) -> String {
        format!("{text}{text}")
    }

    fn banner(width: u32) -> String {
        clock::banner(width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plugin's logic natively, over a mock host whose functions are async.
    #[derive(Default)]
    struct Mock {
        values: std::collections::HashMap<String, Vec<u8>>,
        log: Vec<String>,
    }

    impl io_api::Io for Mock {
        async fn read(&mut self, key: &str) -> Option<String> {
            self.values.get(key).map(|v| String::from_utf8_lossy(v).into_owned())
        }
        async fn write(&mut self, key: String, value: Vec<u8>) -> u32 {
            let len = value.len() as u32;
            self.values.insert(key, value);
            len
        }
        async fn listing(&mut self, count: u32) -> Vec<Entry> {
            (0..count).map(|i| Entry { key: format!("k{i}"), size: i }).collect()
        }
        async fn sum(&mut self, values: &[u32]) -> u64 {
            values.iter().map(|&v| u64::from(v)).sum()
        }
        async fn shift(&mut self, p: Point) -> Point {
            Point { x: p.x + 1, y: p.y - 1 }
        }
        async fn checked(&mut self, n: i32) -> Result<i32, String> {
            if n < 0 { Err(format!("{n} is negative")) } else { Ok(n * 2) }
        }
        fn log(&mut self, line: &str) {
            self.log.push(line.to_owned());
        }
    }

    impl io_api::Clock for Mock {
        fn banner(&mut self, width: u32) -> String {
            "*".repeat(width as usize)
        }
    }

    #[test]
    fn copy_and_list_natively() {
        let mut host = Mock::default();
        host.values.insert("a".into(), b"hello".to_vec());
        io::with_host(&mut host, || {
            assert_eq!(Impl::copy("a", "b"), 5);
            assert_eq!(Impl::copy("missing", "c"), u32::MAX);
            assert_eq!(Impl::list(3).len(), 3);
            assert_eq!(Impl::shift(Point { x: 0, y: 0 }, 2), Point { x: 2, y: -2 });
            assert_eq!(Impl::checked(-1), Err("-1 is negative".into()));
        });
        assert_eq!(host.values["b"], b"hello");
        assert_eq!(host.log, ["copy a -> b"]);
    }
}
