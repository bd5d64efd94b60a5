#![allow(unused)]
use wasmbind::abi::{Budget, Buf, PodLayout, WasmType, WireError};

// Safe code cannot vouch for a layout: `pod_if` is `unsafe`.
struct Flag(bool);

impl WasmType for Flag {
    const FIXED_SIZE: Option<usize> = Some(1);
    const POD: Option<PodLayout<Self>> = wasmbind::__private::pod_if::<Self>(true, &[true], Some(1));
    fn encode<B: Buf>(&self, out: &mut B) {}
    fn decode_with(bytes: &[u8], _: &mut Budget) -> Result<Self, WireError> { Ok(Flag(false)) }
}

fn main() {}
