use wasmbind::Context;

pub struct App;

#[wasmbind::host_fn(module = "app")]
fn relay(cx: &mut Context<'_, App>, name: &str, bytes: &[u8]) -> u32 {
    let _ = (cx, name, bytes);
    0
}

fn main() {}
