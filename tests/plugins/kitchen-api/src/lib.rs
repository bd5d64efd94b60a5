//! Every type of the ABI, as argument and result, in both directions.
//!
//! `Kitchen::echo_*` are exports (host -> plugin -> host). `Kitchen::via_*`
//! are exports that pass their argument to the host import of the same
//! type (`host::*`) and return what the host returned, so one call crosses
//! plugin -> host as well.

use std::collections::{BTreeMap, HashMap};

use wasmbind::{Flag, Flags, GuestPtr, WasmType, host_fn, host_import, plugin_export};

/// A unit-only enum: a fixed 4-byte tag.
#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Low,
    Mid,
    High,
}

/// Flags: a set of them (`Flags<Perm>`) travels as one byte.
#[derive(Flag, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Perm {
    Read,
    Write,
    Exec,
}

/// Twelve flags: their set takes two bytes.
#[derive(Flag, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Month {
    Jan,
    Feb,
    Mar,
    Apr,
    May,
    Jun,
    Jul,
    Aug,
    Sep,
    Oct,
    Nov,
    Dec,
}

/// An extensible struct, at its second version: `lines` was added later,
/// so it is optional (`None` from a writer of the first version).
#[derive(WasmType, Clone, Debug, PartialEq)]
#[wasmbind(extensible)]
pub struct Summary {
    pub title: String,
    pub words: u32,
    #[wasmbind(optional)]
    pub lines: Option<u32>,
}

/// A data-carrying enum.
#[derive(WasmType, Clone, Debug, PartialEq)]
pub enum Shape {
    Dot,
    Circle { radius: f32 },
    Label(String, Point),
}

/// The richer kinds of value, nested inside one another.
#[derive(WasmType, Clone, Debug, PartialEq)]
pub struct Rich {
    pub name: String,
    pub level: Level,
    pub shapes: Vec<Shape>,
    pub pair: (u8, Option<String>, i64),
    pub boxed: Box<Point>,
    pub outcome: Result<Vec<u16>, Level>,
    pub tree: BTreeMap<String, Vec<Level>>,
    pub grid: [Option<i16>; 3],
}

/// Fixed-size struct of every scalar, with an array and a nested struct.
#[derive(WasmType, Clone, Copy, Debug, PartialEq)]
pub struct Scalars {
    pub flag: bool,
    pub i8: i8,
    pub u8: u8,
    pub i16: i16,
    pub u16: u16,
    pub i32: i32,
    pub u32: u32,
    pub i64: i64,
    pub u64: u64,
    pub f32: f32,
    pub f64: f64,
    pub c: char,
    pub arr: [u16; 3],
    pub inner: Point,
}

/// The classic.
#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(C)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

/// A recursive enum: its type line refers to itself.
#[derive(WasmType, Clone, Debug, PartialEq)]
pub enum Tree {
    Leaf(u32),
    Node(Vec<Tree>),
}

/// A generic struct: records spell it with its argument (`Pair<Level>`).
#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair<T> {
    pub a: T,
    pub b: T,
}

/// A tuple struct of nested fixed-size values.
#[derive(WasmType, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment(pub Point, pub [Point; 2]);

#[plugin_export]
pub trait Kitchen {
    fn echo_bool(v: bool) -> bool;
    fn echo_i8(v: i8) -> i8;
    fn echo_u8(v: u8) -> u8;
    fn echo_i16(v: i16) -> i16;
    fn echo_u16(v: u16) -> u16;
    fn echo_i32(v: i32) -> i32;
    fn echo_u32(v: u32) -> u32;
    fn echo_i64(v: i64) -> i64;
    fn echo_u64(v: u64) -> u64;
    fn echo_f32(v: f32) -> f32;
    fn echo_f64(v: f64) -> f64;
    fn echo_char(v: char) -> char;
    fn echo_str(v: &str) -> String;
    fn echo_string(v: String) -> String;
    fn echo_bytes(v: &[u8]) -> Vec<u8>;
    fn echo_vec_u8(v: Vec<u8>) -> Vec<u8>;
    fn echo_scalars(v: Scalars) -> Scalars;
    fn echo_segment(v: Segment) -> Segment;
    fn echo_array(v: [Point; 3]) -> [Point; 3];
    fn echo_points(v: Vec<Point>) -> Vec<Point>;
    fn echo_strings(v: Vec<String>) -> Vec<String>;
    fn echo_opt_string(v: Option<String>) -> Option<String>;
    fn echo_opt_i32(v: Option<i32>) -> Option<i32>;
    fn echo_opt_point(v: Option<Point>) -> Option<Point>;
    fn echo_vec_opt(v: Vec<Option<u64>>) -> Vec<Option<u64>>;
    fn echo_opt_vec(v: Option<Vec<Scalars>>) -> Option<Vec<Scalars>>;
    /// Several arguments of different kinds at once; returns them joined.
    fn mixed(a: &str, b: u8, c: Point, d: &[u8], e: Option<String>) -> String;
    /// Does nothing: unit in, unit out.
    fn nothing();

    fn via_bool(v: bool) -> bool;
    fn via_i8(v: i8) -> i8;
    fn via_u8(v: u8) -> u8;
    fn via_i16(v: i16) -> i16;
    fn via_u16(v: u16) -> u16;
    fn via_i32(v: i32) -> i32;
    fn via_u32(v: u32) -> u32;
    fn via_i64(v: i64) -> i64;
    fn via_u64(v: u64) -> u64;
    fn via_f32(v: f32) -> f32;
    fn via_f64(v: f64) -> f64;
    fn via_char(v: char) -> char;
    fn via_str(v: &str) -> String;
    fn via_string(v: String) -> String;
    fn via_bytes(v: &[u8]) -> Vec<u8>;
    fn via_vec_u8(v: Vec<u8>) -> Vec<u8>;
    fn via_scalars(v: Scalars) -> Scalars;
    fn via_segment(v: Segment) -> Segment;
    fn via_array(v: [Point; 3]) -> [Point; 3];
    fn via_points(v: Vec<Point>) -> Vec<Point>;
    fn via_strings(v: Vec<String>) -> Vec<String>;
    fn via_opt_string(v: Option<String>) -> Option<String>;
    fn via_opt_i32(v: Option<i32>) -> Option<i32>;
    fn via_opt_point(v: Option<Point>) -> Option<Point>;
    fn via_vec_opt(v: Vec<Option<u64>>) -> Vec<Option<u64>>;
    fn via_opt_vec(v: Option<Vec<Scalars>>) -> Option<Vec<Scalars>>;
    fn via_mixed(a: &str, b: u8, c: Point, d: &[u8], e: Option<String>) -> String;
    fn via_nothing();

    /// A pointer to the plugin's shared point.
    fn shared_ptr() -> GuestPtr<Point>;
    /// The shared point as the plugin sees it.
    fn shared() -> Point;
    /// One of three values; panics (index out of bounds) past the third.
    fn pick(index: u32) -> u32;
    /// Calls the host's `h_divide` and describes what came back.
    fn try_divide(a: u32, b: u32) -> String;
    /// Calls the host's `h_checked`, which stops the plugin for 0.
    fn checked(v: u32) -> u32;
    /// Stores `value` under `key` through the host's `h_set`; `Err` for an empty key,
    /// or the host's own `Err` passed on.
    fn set(key: &str, value: &[u8]) -> Result<(), String>;
    /// `Some(())` when `flag` is set: `Option<()>` as a result.
    fn unit_flag(flag: bool) -> Option<()>;

    fn echo_rich(v: Rich) -> Rich;
    fn echo_outcome(v: Result<Rich, Shape>) -> Result<Rich, Shape>;
    fn echo_hash(v: HashMap<u32, (String, Level)>) -> HashMap<u32, (String, Level)>;
    fn via_rich(v: Rich) -> Rich;
    fn via_outcome(v: Result<Rich, Shape>) -> Result<Rich, Shape>;
    fn via_hash(v: HashMap<u32, (String, Level)>) -> HashMap<u32, (String, Level)>;
    fn echo_tree(v: Tree) -> Tree;
    fn echo_pair(v: Pair<Level>) -> Pair<Level>;
    fn echo_flags(v: Flags<Perm>) -> Flags<Perm>;
    fn via_flags(v: Flags<Perm>) -> Flags<Perm>;
    /// The months of `months` that `perms` does not exclude: `Exec` keeps
    /// only the first quarter; a set inside a tuple inside an `Option`.
    fn months(perms: Flags<Perm>, months: Option<(Flags<Month>, u8)>) -> Flags<Month>;

    /// Borrowed slices: `Point` is `#[repr(C)]` numbers (read in place),
    /// `Shape` is not (decoded into a copy).
    fn sum_points(points: &[Point]) -> i64;
    fn count_shapes(shapes: &[Shape]) -> u32;
    /// The same, passed on to the host's `h_sum_points` / `h_count_levels`.
    fn via_sum_points(points: Vec<Point>) -> i64;
    fn via_count_levels(levels: Vec<Level>) -> u32;

    /// Declared limits: the same call through `h_metered` (free form, with
    /// limits) and `h_unmetered` (without); through [`Meter`]'s `measure`
    /// and `count` (trait form) and `h_count` (without).
    fn metered(text: String, data: Vec<u8>) -> u32;
    fn unmetered(text: String, data: Vec<u8>) -> u32;
    fn measure(text: String) -> u32;
    fn count(text: String) -> u32;
    fn count_free(text: String) -> u32;

    /// Borrowed results: [`Lender`]'s `lookup` and `blob`, and the free
    /// `h_lent`, each received as an owned value.
    fn lent_lookup(key: &str) -> String;
    fn lent_blob(n: u32) -> Vec<u8>;
    fn lent_free(v: &str) -> String;
}

/// An object type the plugin implements and owns: the host holds each
/// counter through a `CounterObject`.
#[plugin_export(object)]
pub trait Counter {
    /// A counter named `name`, starting at `start`.
    fn new(name: &str, start: u32) -> Self;
    /// Adds `n`; the new value.
    fn add(&mut self, n: u32) -> u32;
    /// `name=value`.
    fn show(&self) -> String;
    /// Consumes the counter: its value.
    fn finish(self) -> u32;
    /// Adds `other`'s value, consuming `other` (the plugin drops it); the new value.
    fn merge(&mut self, other: Self) -> u32;
    /// Whether `other` has the same value (borrowed).
    fn same_value(&self, other: &Self) -> bool;
    /// How many counters the plugin holds.
    fn live() -> u32;
    /// The counters the plugin has dropped (their destructor ran), in order.
    fn dropped() -> Vec<String>;
}

/// Host functions that lend their results from the host's state: a
/// `&str` or `&[u8]` is written straight into the plugin's result area (or,
/// longer than it, into a block from its allocator); the plugin receives a
/// `String` or `Vec<u8>`.
#[host_fn(module = "lender")]
pub trait Lender {
    /// The value the host keeps for `key` (`""` for the empty key, 1000
    /// bytes for `"long"`).
    fn lookup(&mut self, key: &str) -> &str;
    /// The first `n` bytes of the host's 600-byte blob (all of it past that).
    fn blob(&self, n: u32) -> &[u8];
}

/// The trait form's limits: `fuel = 10` for every method, and for
/// `measure` also 3 per byte and at most 100 bytes.
#[host_fn(module = "meter", fuel = 10)]
pub trait Meter {
    /// `text`'s length.
    #[host_fn(fuel_per_byte = 3, max_len = 100)]
    fn measure(&mut self, text: &str) -> u32;
    /// `text`'s length.
    fn count(&mut self, text: &str) -> u32;
}

/// The host's side of `via_*`: each returns its argument (the host records it).
#[host_import(module = "kitchen")]
unsafe extern "C" {
    pub fn h_bool(v: bool) -> bool;
    pub fn h_i8(v: i8) -> i8;
    pub fn h_u8(v: u8) -> u8;
    pub fn h_i16(v: i16) -> i16;
    pub fn h_u16(v: u16) -> u16;
    pub fn h_i32(v: i32) -> i32;
    pub fn h_u32(v: u32) -> u32;
    pub fn h_i64(v: i64) -> i64;
    pub fn h_u64(v: u64) -> u64;
    pub fn h_f32(v: f32) -> f32;
    pub fn h_f64(v: f64) -> f64;
    pub fn h_char(v: char) -> char;
    /// Borrowed in, owned out.
    pub fn h_str(v: &str) -> String;
    pub fn h_string(v: String) -> String;
    pub fn h_bytes(v: &[u8]) -> Vec<u8>;
    pub fn h_vec_u8(v: Vec<u8>) -> Vec<u8>;
    pub fn h_scalars(v: Scalars) -> Scalars;
    pub fn h_segment(v: Segment) -> Segment;
    pub fn h_array(v: [Point; 3]) -> [Point; 3];
    pub fn h_points(v: Vec<Point>) -> Vec<Point>;
    pub fn h_strings(v: Vec<String>) -> Vec<String>;
    pub fn h_opt_string(v: Option<String>) -> Option<String>;
    pub fn h_opt_i32(v: Option<i32>) -> Option<i32>;
    pub fn h_opt_point(v: Option<Point>) -> Option<Point>;
    pub fn h_vec_opt(v: Vec<Option<u64>>) -> Vec<Option<u64>>;
    pub fn h_opt_vec(v: Option<Vec<Scalars>>) -> Option<Vec<Scalars>>;
    pub fn h_mixed(a: &str, b: u8, c: Point, d: &[u8], e: Option<String>) -> String;
    pub fn h_nothing();
    /// `a / b`, or an error value the plugin handles.
    pub fn h_divide(a: u32, b: u32) -> Result<u32, String>;
    /// `v`, or a trap that stops the plugin when `v` is 0.
    pub fn h_checked(v: u32) -> Result<u32, wasmbind::Trap>;
    /// Stores a value; `Err` for a value longer than 8 bytes.
    pub fn h_set(key: &str, value: &[u8]) -> Result<(), String>;
    pub fn h_rich(v: Rich) -> Rich;
    pub fn h_outcome(v: Result<Rich, Shape>) -> Result<Rich, Shape>;
    pub fn h_hash(v: HashMap<u32, (String, Level)>) -> HashMap<u32, (String, Level)>;
    /// `text` and `data`'s lengths added; the host declares limits.
    pub fn h_metered(text: &str, data: &[u8]) -> u32;
    /// The same without limits.
    pub fn h_unmetered(text: &str, data: &[u8]) -> u32;
    /// `text`'s length, without limits.
    pub fn h_count(text: &str) -> u32;
    pub fn h_sum_points(points: &[Point]) -> i64;
    /// `v` upper-cased, lent from the host's state (declared `-> &'s str`).
    pub fn h_lent(v: &str) -> String;
    pub fn h_count_levels(levels: &[Level]) -> u32;
    pub fn h_flags(v: Flags<Perm>) -> Flags<Perm>;
}
