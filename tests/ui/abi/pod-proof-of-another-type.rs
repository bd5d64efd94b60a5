#![allow(unused)]
use wasmbind::abi::{Budget, Buf, PodLayout, WasmType, WireError};

// A proof for `u8` is not a proof for `Flag`.
struct Flag(bool);

impl WasmType for Flag {
    const FIXED_SIZE: Option<usize> = Some(1);
    const POD: Option<PodLayout<Self>> = <u8 as WasmType>::POD;
    fn encode<B: Buf>(&self, out: &mut B) {}
    fn decode_with(bytes: &[u8], _: &mut Budget) -> Result<Self, WireError> { Ok(Flag(false)) }
}

fn main() {}
