use wasmbind::Lent;

pub struct App;

#[wasmbind::host_fn(module = "app")]
fn log(app: &mut App, line: Lent<str>) {
    let _ = (app, line);
}

fn main() {}
