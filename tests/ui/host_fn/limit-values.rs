#![allow(unused)]
// A limit is a whole number from 1 up, without a suffix.

#[wasmbind::host_fn(module = "env", fuel = "50")]
fn quoted(state: &mut u32) {}

#[wasmbind::host_fn(module = "env", fuel = 0)]
fn zero(state: &mut u32) {}

#[wasmbind::host_fn(module = "env", fuel_per_byte = 1.5)]
fn fraction(state: &mut u32, text: &str) {}

#[wasmbind::host_fn(module = "env", max_len = 4294967296)]
fn past_u32(state: &mut u32, text: &str) {}

#[wasmbind::host_fn(module = "env", max_len = 64u16)]
fn suffixed(state: &mut u32, text: &str) {}

#[wasmbind::host_fn(module = "env", fuel = 1, fuel = 2)]
fn twice(state: &mut u32) {}

fn main() {}
