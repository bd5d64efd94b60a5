use wasmbind::Context;

pub struct App;

#[wasmbind::host_fn(module = "app")]
pub trait Api {
    fn relay(cx: &mut Context<'_, App>, n: u32) -> u32;
}

fn main() {}
