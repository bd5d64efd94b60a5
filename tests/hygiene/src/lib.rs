//! Every macro form under `#![no_implicit_prelude]`, with the prelude's
//! names shadowed by local items and the `wasmbind` crate renamed to `wb`:
//! generated code must name everything by absolute path. This crate
//! compiles on the host (in `cargo test`) and for wasm (checked by
//! `tests/tests/hygiene.rs`).

#![no_implicit_prelude]
#![allow(dead_code, non_camel_case_types)]

pub mod api {
    pub struct Result;
    pub struct Ok;
    pub struct Err;
    pub struct Some;
    pub struct None;
    pub struct Option;
    pub struct String;
    pub struct Vec;
    pub struct Box;
    pub struct Clone;
    pub struct Default;

    #[derive(
        ::wb::WasmType, ::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq,
    )]
    #[wasmbind(crate = "::wb")]
    pub struct Point {
        pub x: i32,
        pub y: i32,
    }

    #[derive(::wb::WasmType)]
    #[wasmbind(crate = "::wb")]
    pub struct Entry(pub ::std::string::String, pub ::std::vec::Vec<Point>, pub ::core::option::Option<u8>);

    #[derive(::wb::WasmType)]
    #[wasmbind(crate = "::wb")]
    pub enum Shape {
        Dot,
        Circle { radius: f32 },
        Label(::std::string::String, (u8, Point)),
    }

    #[derive(::wb::Flag, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq)]
    #[wasmbind(crate = "::wb")]
    pub enum Perm {
        Read,
        Write,
    }

    #[::wb::plugin_export(crate = "::wb", object)]
    pub trait Tally {
        fn new(start: u32) -> Self;
        fn add(&mut self, n: u32) -> u32;
        fn get(&self) -> u32;
        fn finish(self) -> ::std::string::String;
        fn made() -> u32;
    }

    #[::wb::plugin_export(crate = "::wb", link)]
    pub trait Calc {
        fn greet(name: &str) -> ::std::string::String;
        fn add(a: Point, b: Point) -> Point;
        fn entry(e: Entry) -> ::core::option::Option<Entry>;
        fn nothing();
        fn shape(s: Shape) -> ::core::result::Result<Shape, ::std::string::String>;
    }

    #[::wb::host_fn(module = "env", crate = "::wb")]
    pub trait Env {
        fn log(&mut self, msg: &str);
        fn get(&self, key: &str) -> ::core::option::Option<::std::string::String>;
    }

    #[::wb::host_import(module = "raw", crate = "::wb")]
    unsafe extern "C" {
        pub fn ping(n: u32) -> u32;
        pub fn bytes(b: &[u8]);
    }
}

#[cfg(target_family = "wasm")]
pub mod plugin {
    use super::api::{Calc, Entry, Point, env};

    pub struct Impl;

    #[::wb::plugin_export(crate = "::wb")]
    impl Calc for Impl {
        fn greet(name: &str) -> ::std::string::String {
            env::log(name);
            ::std::format!("{name}{:?}", env::get(name))
        }
        fn add(a: Point, b: Point) -> Point {
            Point { x: a.x + b.x, y: a.y + super::api::ping(b.y as u32) as i32 }
        }
        fn entry(e: Entry) -> ::core::option::Option<Entry> {
            ::core::option::Option::Some(e)
        }
        fn nothing() {}
        fn shape(s: super::api::Shape) -> ::core::result::Result<super::api::Shape, ::std::string::String> {
            ::core::result::Result::Ok(s)
        }
    }

    #[::wb::plugin_export(crate = "::wb")]
    fn free(x: u64, s: ::std::string::String) -> ::std::vec::Vec<u8> {
        super::api::bytes(s.as_bytes());
        ::std::vec![x as u8]
    }

    pub struct MyTally(u32);

    #[::wb::plugin_export(crate = "::wb")]
    impl super::api::Tally for MyTally {
        fn new(start: u32) -> Self {
            MyTally(start)
        }
        fn add(&mut self, n: u32) -> u32 {
            self.0 += n;
            self.0
        }
        fn get(&self) -> u32 {
            self.0
        }
        fn finish(self) -> ::std::string::String {
            ::std::format!("{}", self.0)
        }
        fn made() -> u32 {
            0
        }
    }

    #[::wb::plugin_export(crate = "::wb")]
    fn perms(p: ::wb::Flags<super::api::Perm>) -> ::wb::Flags<super::api::Perm> {
        p | super::api::Perm::Read
    }
}

#[cfg(not(target_family = "wasm"))]
pub mod host {
    pub struct Result;
    pub struct Ok;
    pub struct Fn;
    pub struct Send;
    pub struct Copy;

    pub struct State {
        pub lines: ::std::vec::Vec<::std::string::String>,
    }

    impl super::api::Env for State {
        fn log(&mut self, msg: &str) {
            self.lines.push(::std::borrow::ToOwned::to_owned(msg));
        }
        fn get(&self, _: &str) -> ::core::option::Option<::std::string::String> {
            ::core::option::Option::None
        }
    }

    #[::wb::host_fn(module = "raw", crate = "::wb")]
    pub fn ping(_: &mut State, n: u32) -> u32 {
        n + 1
    }

    #[::wb::host_fn(module = "raw", crate = "::wb")]
    pub fn bytes(state: &State, b: &[u8]) {
        let _ = (state, b);
    }

    /// Registers everything on a linker; used by the test below.
    pub fn link(linker: &mut ::wb::Linker<State>) -> ::wb::wasmtime::Result<()> {
        super::api::env::add_to_linker(linker, |s: &mut State| s)?;
        ::wb::add_to_linker!(linker, |s: &mut State| s, [ping, bytes])
    }

    #[test]
    fn registers_under_no_implicit_prelude() {
        let engine = <::wb::wasmtime::Engine as ::core::default::Default>::default();
        let mut linker = ::wb::Linker::new(&engine);
        link(&mut linker).unwrap();
        let _: ::core::option::Option<super::api::CalcPlugin> = ::core::option::Option::None;
        let mut store = ::wb::wasmtime::Store::new(&engine, State { lines: ::std::vec::Vec::new() });
        let names: ::std::vec::Vec<_> = ::core::iter::Iterator::collect(::core::iter::Iterator::map(
            linker.iter(&mut store),
            |(module, name, _)| ::std::format!("{module}::{name}"),
        ));
        ::std::assert_eq!(names.len(), 4, "{names:?}");
    }
}
