use wasmbind::Context;

pub struct App;
pub struct Other;

#[wasmbind::host_fn(module = "app")]
fn ping(cx: &mut Context<'_, App>) -> u32 {
    let _ = cx;
    1
}

fn main() {
    let engine = wasmbind::wasmtime::Engine::default();
    let mut linker = wasmbind::Linker::<Other>::new(&engine);
    let _ = wasmbind::add_to_linker!(&mut linker, |o: &mut Other| o, [ping]);
}
