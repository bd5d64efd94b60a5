//! Test plugin implementing `kitchen_api::Kitchen`.

use std::collections::HashMap;

use kitchen_api::*;
use wasmbind::guest::Shared;
use wasmbind::{Flags, GuestPtr, plugin_export};

static SHARED: Shared<Point> = Shared::new(Point { x: 3, y: 4 });

#[plugin_export]
fn echo_bool(v: bool) -> bool {
    v
}

#[plugin_export]
fn via_bool(v: bool) -> bool {
    h_bool(v)
}

#[plugin_export]
fn echo_i8(v: i8) -> i8 {
    v
}

#[plugin_export]
fn via_i8(v: i8) -> i8 {
    h_i8(v)
}

#[plugin_export]
fn echo_u8(v: u8) -> u8 {
    v
}

#[plugin_export]
fn via_u8(v: u8) -> u8 {
    h_u8(v)
}

#[plugin_export]
fn echo_i16(v: i16) -> i16 {
    v
}

#[plugin_export]
fn via_i16(v: i16) -> i16 {
    h_i16(v)
}

#[plugin_export]
fn echo_u16(v: u16) -> u16 {
    v
}

#[plugin_export]
fn via_u16(v: u16) -> u16 {
    h_u16(v)
}

#[plugin_export]
fn echo_i32(v: i32) -> i32 {
    v
}

#[plugin_export]
fn via_i32(v: i32) -> i32 {
    h_i32(v)
}

#[plugin_export]
fn echo_u32(v: u32) -> u32 {
    v
}

#[plugin_export]
fn via_u32(v: u32) -> u32 {
    h_u32(v)
}

#[plugin_export]
fn echo_i64(v: i64) -> i64 {
    v
}

#[plugin_export]
fn via_i64(v: i64) -> i64 {
    h_i64(v)
}

#[plugin_export]
fn echo_u64(v: u64) -> u64 {
    v
}

#[plugin_export]
fn via_u64(v: u64) -> u64 {
    h_u64(v)
}

#[plugin_export]
fn echo_f32(v: f32) -> f32 {
    v
}

#[plugin_export]
fn via_f32(v: f32) -> f32 {
    h_f32(v)
}

#[plugin_export]
fn echo_f64(v: f64) -> f64 {
    v
}

#[plugin_export]
fn via_f64(v: f64) -> f64 {
    h_f64(v)
}

#[plugin_export]
fn echo_char(v: char) -> char {
    v
}

#[plugin_export]
fn via_char(v: char) -> char {
    h_char(v)
}

#[plugin_export]
fn echo_str(v: &str) -> String {
    v.to_owned()
}

#[plugin_export]
fn via_str(v: &str) -> String {
    h_str(v)
}

#[plugin_export]
fn echo_string(v: String) -> String {
    v
}

#[plugin_export]
fn via_string(v: String) -> String {
    h_string(v)
}

#[plugin_export]
fn echo_bytes(v: &[u8]) -> Vec<u8> {
    v.to_vec()
}

#[plugin_export]
fn via_bytes(v: &[u8]) -> Vec<u8> {
    h_bytes(v)
}

#[plugin_export]
fn echo_vec_u8(v: Vec<u8>) -> Vec<u8> {
    v
}

#[plugin_export]
fn via_vec_u8(v: Vec<u8>) -> Vec<u8> {
    h_vec_u8(v)
}

#[plugin_export]
fn echo_scalars(v: Scalars) -> Scalars {
    v
}

#[plugin_export]
fn via_scalars(v: Scalars) -> Scalars {
    h_scalars(v)
}

#[plugin_export]
fn echo_segment(v: Segment) -> Segment {
    v
}

#[plugin_export]
fn via_segment(v: Segment) -> Segment {
    h_segment(v)
}

#[plugin_export]
fn echo_array(v: [Point; 3]) -> [Point; 3] {
    v
}

#[plugin_export]
fn via_array(v: [Point; 3]) -> [Point; 3] {
    h_array(v)
}

#[plugin_export]
fn echo_points(v: Vec<Point>) -> Vec<Point> {
    v
}

#[plugin_export]
fn via_points(v: Vec<Point>) -> Vec<Point> {
    h_points(v)
}

#[plugin_export]
fn echo_strings(v: Vec<String>) -> Vec<String> {
    v
}

#[plugin_export]
fn via_strings(v: Vec<String>) -> Vec<String> {
    h_strings(v)
}

#[plugin_export]
fn echo_opt_string(v: Option<String>) -> Option<String> {
    v
}

#[plugin_export]
fn via_opt_string(v: Option<String>) -> Option<String> {
    h_opt_string(v)
}

#[plugin_export]
fn echo_opt_i32(v: Option<i32>) -> Option<i32> {
    v
}

#[plugin_export]
fn via_opt_i32(v: Option<i32>) -> Option<i32> {
    h_opt_i32(v)
}

#[plugin_export]
fn echo_opt_point(v: Option<Point>) -> Option<Point> {
    v
}

#[plugin_export]
fn via_opt_point(v: Option<Point>) -> Option<Point> {
    h_opt_point(v)
}

#[plugin_export]
fn echo_vec_opt(v: Vec<Option<u64>>) -> Vec<Option<u64>> {
    v
}

#[plugin_export]
fn via_vec_opt(v: Vec<Option<u64>>) -> Vec<Option<u64>> {
    h_vec_opt(v)
}

#[plugin_export]
fn echo_opt_vec(v: Option<Vec<Scalars>>) -> Option<Vec<Scalars>> {
    v
}

#[plugin_export]
fn via_opt_vec(v: Option<Vec<Scalars>>) -> Option<Vec<Scalars>> {
    h_opt_vec(v)
}

#[plugin_export]
fn mixed(a: &str, b: u8, c: Point, d: &[u8], e: Option<String>) -> String {
    format!("{a}|{b}|{},{}|{d:?}|{e:?}", c.x, c.y)
}

#[plugin_export]
fn via_mixed(a: &str, b: u8, c: Point, d: &[u8], e: Option<String>) -> String {
    h_mixed(a, b, c, d, e)
}

#[plugin_export]
fn nothing() {}

#[plugin_export]
fn via_nothing() {
    h_nothing()
}

#[plugin_export]
fn shared_ptr() -> GuestPtr<Point> {
    SHARED.ptr()
}

#[plugin_export]
fn shared() -> Point {
    SHARED.get()
}

#[plugin_export]
fn pick(index: u32) -> u32 {
    let values = [10, 20, 30];
    values[index as usize] // the panic test looks for this line
}

#[plugin_export]
fn try_divide(a: u32, b: u32) -> String {
    match h_divide(a, b) {
        Ok(quotient) => format!("ok {quotient}"),
        Err(reason) => format!("handled: {reason}"),
    }
}

#[plugin_export]
fn checked(v: u32) -> u32 {
    // Declared `-> Result<u32, Trap>`: an `Err` never comes back (the host
    // stops the plugin instead), so the plugin gets the `u32`.
    h_checked(v) + 1
}

#[plugin_export]
fn set(key: &str, value: &[u8]) -> Result<(), String> {
    if key.is_empty() {
        return Err("empty key".into());
    }
    h_set(key, value).map_err(|host| format!("host refused: {host}"))
}

#[plugin_export]
fn unit_flag(flag: bool) -> Option<()> {
    flag.then_some(())
}

#[plugin_export]
fn echo_rich(v: Rich) -> Rich {
    v
}

#[plugin_export]
fn echo_tree(v: Tree) -> Tree {
    v
}

#[plugin_export]
fn echo_pair(v: Pair<Level>) -> Pair<Level> {
    v
}

#[plugin_export]
fn echo_flags(v: Flags<Perm>) -> Flags<Perm> {
    v
}

#[plugin_export]
fn via_flags(v: Flags<Perm>) -> Flags<Perm> {
    h_flags(v)
}

#[plugin_export]
fn months(perms: Flags<Perm>, months: Option<(Flags<Month>, u8)>) -> Flags<Month> {
    let (months, _) = months.unwrap_or_default();
    let first_quarter = Month::Jan | Month::Feb | Month::Mar;
    if perms.contains(Perm::Exec) { months & first_quarter } else { months }
}

#[plugin_export]
fn echo_outcome(v: Result<Rich, Shape>) -> Result<Rich, Shape> {
    v
}

#[plugin_export]
fn echo_hash(v: HashMap<u32, (String, Level)>) -> HashMap<u32, (String, Level)> {
    v
}

#[plugin_export]
fn via_rich(v: Rich) -> Rich {
    h_rich(v)
}

#[plugin_export]
fn via_outcome(v: Result<Rich, Shape>) -> Result<Rich, Shape> {
    h_outcome(v)
}

#[plugin_export]
fn via_hash(v: HashMap<u32, (String, Level)>) -> HashMap<u32, (String, Level)> {
    h_hash(v)
}

#[plugin_export]
fn sum_points(points: &[Point]) -> i64 {
    points.iter().map(|p| i64::from(p.x) + i64::from(p.y)).sum()
}

#[plugin_export]
fn count_shapes(shapes: &[Shape]) -> u32 {
    shapes.iter().filter(|s| matches!(s, Shape::Circle { .. })).count() as u32
}

#[plugin_export]
fn via_sum_points(points: Vec<Point>) -> i64 {
    h_sum_points(&points)
}

#[plugin_export]
fn via_count_levels(levels: Vec<Level>) -> u32 {
    h_count_levels(&levels)
}

#[plugin_export]
fn metered(text: String, data: Vec<u8>) -> u32 {
    h_metered(&text, &data)
}

#[plugin_export]
fn unmetered(text: String, data: Vec<u8>) -> u32 {
    h_unmetered(&text, &data)
}

#[plugin_export]
fn measure(text: String) -> u32 {
    meter::measure(&text)
}

#[plugin_export]
fn count(text: String) -> u32 {
    meter::count(&text)
}

#[plugin_export]
fn count_free(text: String) -> u32 {
    h_count(&text)
}

#[plugin_export]
fn lent_lookup(key: &str) -> String {
    lender::lookup(key)
}

#[plugin_export]
fn lent_blob(n: u32) -> Vec<u8> {
    lender::blob(n)
}

#[plugin_export]
fn lent_free(v: &str) -> String {
    h_lent(v)
}

/// The plugin's counters (`kitchen_api::Counter`).
pub struct MyCounter {
    name: String,
    value: u32,
}

static LIVE: Shared<u32> = Shared::new(0);
static DROPPED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

#[plugin_export]
impl Counter for MyCounter {
    fn new(name: &str, start: u32) -> Self {
        LIVE.set(LIVE.get() + 1);
        MyCounter { name: name.to_owned(), value: start }
    }

    fn add(&mut self, n: u32) -> u32 {
        assert_ne!(n, 0, "adding 0 to {}", self.name);
        self.value += n;
        self.value
    }

    fn show(&self) -> String {
        format!("{}={}", self.name, self.value)
    }

    fn finish(self) -> u32 {
        self.value
    }

    fn merge(&mut self, other: Self) -> u32 {
        self.value += other.value;
        self.value
    }

    fn same_value(&self, other: &Self) -> bool {
        self.value == other.value
    }

    fn live() -> u32 {
        LIVE.get()
    }

    fn dropped() -> Vec<String> {
        DROPPED.lock().map(|d| d.clone()).unwrap_or_default()
    }
}

impl Drop for MyCounter {
    fn drop(&mut self) {
        LIVE.set(LIVE.get() - 1);
        if let Ok(mut dropped) = DROPPED.lock() {
            dropped.push(self.show());
        }
    }
}
