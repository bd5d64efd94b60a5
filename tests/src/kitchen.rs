//! The host side of the kitchen plugin: every `kitchen::h_*` import
//! returns its argument and records it, so a test sees what the host received.

use std::collections::HashMap;
use wasmbind::host::Handle;

use kitchen_api::{Level, Perm, Point, Rich, Scalars, Segment, Shape};
use wasmbind::host_fn;

/// What the host functions received, as `{:?}` text.
#[derive(Default, Debug)]
pub struct Seen(pub Vec<String>);

impl Seen {
    fn record(&mut self, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{value:?}"));
    }
}

/// A store and a kitchen plugin instantiated with every `kitchen::h_*` import.
pub fn instantiate() -> (wasmbind::wasmtime::Store<Seen>, kitchen_api::KitchenPlugin) {
    let mut linker = wasmbind::Linker::new(crate::engine());
    add_to_linker(&mut linker, |seen| seen).unwrap();
    let mut store = wasmbind::wasmtime::Store::new(crate::engine(), Seen::default());
    let plugin = kitchen_api::KitchenPlugin::instantiate(&mut store, (&linker, crate::kitchen_module())).unwrap();
    (store, plugin)
}

/// Registers every `kitchen::h_*` import.
pub fn add_to_linker<T: 'static>(
    linker: &mut wasmbind::Linker<T>,
    get: impl Fn(&mut T) -> &mut Seen + Send + Sync + Copy + 'static,
) -> wasmbind::wasmtime::Result<()> {
    wasmbind::add_to_linker!(
        &mut *linker,
        get,
        [
            h_bool,
            h_i8,
            h_u8,
            h_i16,
            h_u16,
            h_i32,
            h_u32,
            h_i64,
            h_u64,
            h_f32,
            h_f64,
            h_char,
            h_str,
            h_string,
            h_bytes,
            h_vec_u8,
            h_scalars,
            h_segment,
            h_array,
            h_points,
            h_strings,
            h_opt_string,
            h_opt_i32,
            h_opt_point,
            h_vec_opt,
            h_opt_vec,
            h_mixed,
            h_nothing,
            h_divide,
            h_checked,
            h_set,
            h_rich,
            h_outcome,
            h_hash,
            h_sum_points,
            h_count_levels,
            h_metered,
            h_unmetered,
            h_count,
            h_lent,
            h_flags,
        ]
    )?;
    kitchen_api::lender::add_to_linker(linker, get)?;
    kitchen_api::meter::add_to_linker(linker, get)
}

#[host_fn(module = "kitchen")]
pub fn h_bool(seen: &mut Seen, v: bool) -> bool {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_i8(seen: &mut Seen, v: i8) -> i8 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_u8(seen: &mut Seen, v: u8) -> u8 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_i16(seen: &mut Seen, v: i16) -> i16 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_u16(seen: &mut Seen, v: u16) -> u16 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_i32(seen: &mut Seen, v: i32) -> i32 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_u32(seen: &mut Seen, v: u32) -> u32 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_i64(seen: &mut Seen, v: i64) -> i64 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_u64(seen: &mut Seen, v: u64) -> u64 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_f32(seen: &mut Seen, v: f32) -> f32 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_f64(seen: &mut Seen, v: f64) -> f64 {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_char(seen: &mut Seen, v: char) -> char {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_str(seen: &mut Seen, v: &str) -> String {
    seen.record(&v);
    v.to_owned()
}

#[host_fn(module = "kitchen")]
pub fn h_string(seen: &mut Seen, v: String) -> String {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_bytes(seen: &mut Seen, v: &[u8]) -> Vec<u8> {
    seen.record(&v);
    v.to_vec()
}

#[host_fn(module = "kitchen")]
pub fn h_vec_u8(seen: &mut Seen, v: Vec<u8>) -> Vec<u8> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_scalars(seen: &mut Seen, v: Scalars) -> Scalars {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_segment(seen: &mut Seen, v: Segment) -> Segment {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_array(seen: &mut Seen, v: [Point; 3]) -> [Point; 3] {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_points(seen: &mut Seen, v: Vec<Point>) -> Vec<Point> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_strings(seen: &mut Seen, v: Vec<String>) -> Vec<String> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_opt_string(seen: &mut Seen, v: Option<String>) -> Option<String> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_opt_i32(seen: &mut Seen, v: Option<i32>) -> Option<i32> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_opt_point(seen: &mut Seen, v: Option<Point>) -> Option<Point> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_vec_opt(seen: &mut Seen, v: Vec<Option<u64>>) -> Vec<Option<u64>> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_opt_vec(seen: &mut Seen, v: Option<Vec<Scalars>>) -> Option<Vec<Scalars>> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_mixed(seen: &mut Seen, a: &str, b: u8, c: Point, d: &[u8], e: Option<String>) -> String {
    let joined = format!("{a}|{b}|{},{}|{d:?}|{e:?}", c.x, c.y);
    seen.0.push(joined.clone());
    joined
}

#[host_fn(module = "kitchen")]
pub fn h_nothing(seen: &mut Seen) {
    seen.0.push("nothing".into());
}

#[host_fn(module = "kitchen")]
pub fn h_divide(seen: &mut Seen, a: u32, b: u32) -> Result<u32, String> {
    seen.record(&(a, b));
    a.checked_div(b).ok_or_else(|| format!("cannot divide {a} by zero"))
}

#[host_fn(module = "kitchen")]
pub fn h_set(seen: &mut Seen, key: &str, value: &[u8]) -> Result<(), String> {
    seen.record(&(key, value));
    match value.len() {
        0..=8 => Ok(()),
        len => Err(format!("{len} bytes is too long")),
    }
}

#[host_fn(module = "kitchen")]
pub fn h_checked(seen: &mut Seen, v: u32) -> Result<u32, wasmbind::Trap> {
    seen.record(&v);
    if v == 0 {
        return Err(wasmbind::Trap::new("v must not be 0"));
    }
    Ok(v)
}

#[host_fn(module = "kitchen")]
pub fn h_rich(seen: &mut Seen, v: Rich) -> Rich {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_outcome(seen: &mut Seen, v: Result<Rich, Shape>) -> Result<Rich, Shape> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_flags(seen: &mut Seen, v: wasmbind::Flags<Perm>) -> wasmbind::Flags<Perm> {
    seen.record(&v);
    v
}

#[host_fn(module = "kitchen")]
pub fn h_hash(seen: &mut Seen, v: HashMap<u32, (String, Level)>) -> HashMap<u32, (String, Level)> {
    seen.record(&v);
    v
}

/// Declares a call's cost: 100 fuel, 2 per byte of `text` and `data`,
/// each at most 1000 bytes.
#[host_fn(module = "kitchen", fuel = 100, fuel_per_byte = 2, max_len = 1000)]
pub fn h_metered(seen: &mut Seen, text: &str, data: &[u8]) -> u32 {
    seen.0.push("metered".into());
    (text.len() + data.len()) as u32
}

/// [`h_metered`] without limits.
#[host_fn(module = "kitchen")]
pub fn h_unmetered(seen: &mut Seen, text: &str, data: &[u8]) -> u32 {
    seen.0.push("unmetered".into());
    (text.len() + data.len()) as u32
}

/// `text`'s length, without limits (`Meter::count` declares fuel).
#[host_fn(module = "kitchen")]
pub fn h_count(seen: &mut Seen, text: &str) -> u32 {
    seen.0.push("count".into());
    text.len() as u32
}

impl kitchen_api::Meter for Seen {
    fn measure(&mut self, text: &str) -> u32 {
        self.0.push("measure".into());
        text.len() as u32
    }
    fn count(&mut self, text: &str) -> u32 {
        self.0.push("count".into());
        text.len() as u32
    }
}

/// `v` upper-cased, kept in the state and lent from there.
#[host_fn(module = "kitchen")]
pub fn h_lent<'s>(seen: &'s mut Seen, v: &str) -> &'s str {
    seen.0.push(v.to_uppercase());
    seen.0.last().map_or("", String::as_str)
}

/// The lender's blob: byte `i` is `i % 251`.
pub static BLOB: [u8; 600] = {
    let mut blob = [0; 600];
    let mut i = 0;
    while i < blob.len() {
        blob[i] = (i % 251) as u8;
        i += 1;
    }
    blob
};

impl kitchen_api::Lender for Seen {
    fn lookup(&mut self, key: &str) -> &str {
        let value = match key {
            "" => String::new(),
            "long" => "é".repeat(500),
            key => format!("value of {key}"),
        };
        self.0.push(value);
        self.0.last().map_or("", String::as_str)
    }
    fn blob(&self, n: u32) -> &[u8] {
        &BLOB[..(n as usize).min(BLOB.len())]
    }
}

/// Records where the slice lives, so a test can tell a borrow of the
/// plugin's memory from a copy.
#[host_fn(module = "kitchen")]
pub fn h_sum_points(seen: &mut Seen, points: &[Point]) -> i64 {
    seen.0.push(format!("{}", points.as_ptr() as usize));
    points.iter().map(|p| i64::from(p.x) + i64::from(p.y)).sum()
}

#[host_fn(module = "kitchen")]
pub fn h_count_levels(seen: &mut Seen, levels: &[Level]) -> u32 {
    seen.record(&levels);
    levels.iter().filter(|l| **l == Level::High).count() as u32
}
